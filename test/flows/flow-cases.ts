import { FlowKind, FlowRequest, toSimulation } from './service-flows';
import { simulate } from './simulator';

/** One simulated request of a flow, and whether the flow needs it allowed or denied. */
export interface FlowCase {
  readonly flow: { readonly id: string; readonly kind: FlowKind };
  readonly request: FlowRequest;
}

/**
 * One test per case: the simulator must allow a required flow's request and deny an attack's,
 * and a mismatch prints the request and the simulator's explanation.
 */
export function testFlowCases(cases: readonly FlowCase[]): void {
  test.each(cases.map(({ flow, request }) => [`${flow.kind} ${flow.id}${request.label ? ` (${request.label})` : ''}`, flow, request] as const))(
    '%s', async (_title, flow, request) => {
      const outcome = await simulate(toSimulation(request));
      const expected = flow.kind === 'required';
      if ((outcome.decision === 'Allowed') !== expected) {
        throw new Error(`${flow.id}: expected ${expected ? 'Allowed' : 'a denial'}, got ${outcome.decision} for ${request.principal} ${request.action} ${request.resource}\n${outcome.explanation}`);
      }
    });
}
