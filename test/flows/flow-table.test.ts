import * as fs from 'fs';
import * as path from 'path';
import { renderFlowTable } from './flow-table';
import { SERVICE_FLOWS } from './service-flows';

const TABLE = path.join(__dirname, '..', '..', 'docs', 'service-flows.md');

test('docs/service-flows.md lists every flow as the flow data says', () => {
  const rendered = renderFlowTable(SERVICE_FLOWS);
  if (process.env.UPDATE_FLOW_TABLE === '1') {
    fs.writeFileSync(TABLE, rendered);
  }
  expect(fs.readFileSync(TABLE, 'utf-8')).toEqual(rendered);
});

test('flow ids are unique and every flow says what it proves', () => {
  const ids = SERVICE_FLOWS.map((flow) => flow.id);
  expect(new Set(ids).size).toEqual(ids.length);
  for (const flow of SERVICE_FLOWS) {
    expect(flow.proves.length).toBeGreaterThan(20);
  }
});
