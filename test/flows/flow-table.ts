import { ServiceFlow } from './service-flows';

/** README's table of the service flows, rendered from the flow data so that the two cannot drift. */
export function renderFlowTable(flows: ServiceFlow[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    '<!-- Generated from test/flows/service-flows.ts by test/flows/flow-table.test.ts (UPDATE_FLOW_TABLE=1 npx jest test/flows/flow-table). -->',
    '',
    '| flow | kind | what it proves |',
    '|---|---|---|',
    ...flows.map((flow) => `| \`${flow.id}\` | ${flow.kind} | ${escape(flow.proves)}${flow.uncertain ? ' (uncertain, see below)' : ''} |`),
    '',
    'Flows whose expectation the documentation leaves open, and how each is run:',
    '',
    ...flows.filter((flow) => flow.uncertain).map((flow) => `- \`${flow.id}\`: ${flow.uncertain}`),
    '',
  ];
  return lines.join('\n');
}
