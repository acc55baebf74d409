import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AlertPack, OrganizationTrail } from '../src';

/**
 * README tables that restate what the code does: the warning ids, the us-east-1 column of the
 * alert table and the default physical names. Each is checked against the code, so that a new
 * warning, a changed Region scope or a changed default name cannot leave the README behind.
 */

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

/** The text of the README section under `heading` (up to the next heading of the same or a higher level). */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.match(/^#+/)![0];
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The cells of the table rows of a section, keyed by the first cell's text. */
function tableRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n').filter((candidate) => candidate.startsWith('| ') && !candidate.startsWith('|---'))) {
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
    rows.set(cells[0], cells);
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every warning id the library can print, read from the source. */
function warningIdsInSource(): string[] {
  const ids = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf-8');
    for (const call of text.matchAll(/addWarningV2\(\s*([^,]+),/g)) {
      const literal = /^'cdk-org-trail:([A-Za-z0-9]+)'$/.exec(call[1]);
      if (literal) {
        ids.add(literal[1]);
      } else if (path.relative(ROOT, file) === path.join('src', 'alerts', 'alert-needs.ts')) {
        // The blind-alert warnings carry their ids in the records `blindAlerts()` returns.
        expect(call[1]).toEqual('`cdk-org-trail:${id}`');
        for (const record of text.matchAll(/\bid: '([A-Za-z0-9]+)'/g)) {
          ids.add(record[1]);
        }
      } else {
        // The one helper that takes its id from its callers (imported resources' policies).
        expect({ file: path.relative(ROOT, file), id: call[1] }).toEqual({ file: path.join('src', 'private', 'imported-policy.ts'), id: '`cdk-org-trail:${warningId}`' });
      }
    }
    for (const call of text.matchAll(/(?:addStatementsOrWarn\(\s*(?:this|scope),|this\.addStatements\()\s*([^,]+),/g)) {
      const literal = /^'([A-Za-z0-9]+)'$/.exec(call[1]);
      if (literal) {
        ids.add(literal[1]);
      } else {
        // TrailKey forwards the ids of its own `addStatements` calls, matched above.
        expect({ file: path.relative(ROOT, file), id: call[1] }).toEqual({ file: path.join('src', 'key', 'trail-key.ts'), id: 'warningId' });
      }
    }
  }
  return [...ids].sort();
}

describe('README', () => {
  test('"Warnings at synth" lists every warning id the library can print, and no other', () => {
    const inSource = warningIdsInSource();
    expect(inSource).toContain('KeyPolicyNeedsCloudWatchLogs');
    const listed = [...tableRows(section('## Warnings at synth')).keys()]
      .filter((cell) => cell !== 'id')
      .map((cell) => cell.replace(/`/g, ''))
      .sort();
    expect(listed).toEqual(inSource);
  });

  test('"Default names" gives the names a default trail with alerts, fan-out and queries gets', () => {
    const stack = new Stack(new App(), 'Audit', { env: { account: '111111111111', region: 'us-east-1' } });
    new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      alerts: {
        pack: AlertPack.CIS,
        emailAddresses: ['security-alerts@example.com'],
        organizationFanout: { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'] },
      },
    });
    const template = Template.fromStack(stack);
    const only = (type: string) => {
      const resources = Object.values(template.findResources(type));
      expect(resources).toHaveLength(1);
      return resources[0].Properties;
    };
    const trailName: string = only('AWS::CloudTrail::Trail').TrailName;
    const names: Record<string, string> = {
      'trail': trailName,
      'CloudWatch Logs log group': only('AWS::Logs::LogGroup').LogGroupName.replace(trailName, '<trailName>'),
      'Glue database and table': `${only('AWS::Glue::Database').DatabaseInput.Name}\`, \`${only('AWS::Glue::Table').TableInput.Name}`,
      'Athena workgroup': only('AWS::Athena::WorkGroup').Name,
      'central event bus of the fan-out': only('AWS::Events::EventBus').Name,
      'StackSet of the fan-out': only('AWS::CloudFormation::StackSet').StackSetName,
    };
    const rows = tableRows(section('### Default names'));
    for (const [resource, name] of Object.entries(names)) {
      expect({ resource, cell: rows.get(resource)?.[1] }).toEqual({ resource, cell: expect.stringContaining(`\`${name}\``) });
    }
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm'))[0].Properties;
    expect(alarm.AlarmName).toEqual(`${trailName}-${alarm.MetricName}`);
    expect(rows.get('CloudWatch alarms and EventBridge rules')?.[1]).toContain('`<namePrefix><alert id>`, `namePrefix` defaulting to `<trailName>-`');
    expect(rows.get('metric filters and metrics')?.[1]).toContain(`namespace \`${alarm.Namespace}\``);
  });
});
