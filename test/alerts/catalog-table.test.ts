import * as fs from 'fs';
import * as path from 'path';
import { catalogTable, eventBridgeCell, excludedRulesTable, README_PACKS } from './catalog-table';
import { AlertPack } from '../../src/alerts/alert-pack';
import { Alert, AlertRegionScope } from '../../src/alerts/catalog';

const README = path.join(__dirname, '..', '..', 'README.md');

/** README's text between `<!-- <name>:start -->` and `<!-- <name>:end -->`. */
function between(text: string, name: string): { start: number; end: number } {
  const startMarker = `<!-- ${name}:start -->\n`;
  const start = text.indexOf(startMarker);
  const end = text.indexOf(`\n<!-- ${name}:end -->`);
  expect({ name, markers: start >= 0 && end > start }).toEqual({ name, markers: true });
  return { start: start + startMarker.length, end };
}

describe('README catalog tables (UPDATE_CATALOG_TABLE=1 rewrites them)', () => {
  test.each([
    ['alert-catalog', catalogTable],
    ['excluded-sigma-rules', excludedRulesTable],
  ])('%s is current', (name, render) => {
    if (process.env.UPDATE_CATALOG_TABLE === '1') {
      const old = fs.readFileSync(README, 'utf-8');
      const { start, end } = between(old, name);
      fs.writeFileSync(README, `${old.slice(0, start)}${render()}${old.slice(end)}`);
    }
    const text = fs.readFileSync(README, 'utf-8');
    const { start, end } = between(text, name);
    expect(text.slice(start, end)).toEqual(render());
  });
});

test('the EventBridge column names the Region scope as the synth error does', () => {
  const cell = (regionScope: AlertRegionScope) => eventBridgeCell(Alert.custom({ id: 'x', title: 'x', metricFilterPattern: '{ $.a = 1 }', eventPattern: { source: ['aws.iam'] }, regionScope }));
  expect(cell(AlertRegionScope.US_EAST_1)).toEqual('yes (us-east-1 only)');
  expect(cell(AlertRegionScope.US_EAST_1_AND_EVERY_REGION)).toEqual('yes (us-east-1 and every Region)');
  expect(cell(AlertRegionScope.EVERY_REGION)).toEqual('yes');
});

test('every alert of AlertPack.ALL is in the table', () => {
  const inTable = README_PACKS.flatMap((pack) => pack.alerts.map((alert) => alert.id));
  expect(AlertPack.ALL.alerts.filter((alert) => !inTable.includes(alert.id)).map((alert) => alert.id)).toEqual([]);
});
