import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from '../../examples/example-app';

/** The example CDK app's directory (holds its `cdk.json`). */
export const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/**
 * The context of `examples/cdk.json`: the feature flags `cdk init` writes for a new project, which
 * a user who copies the example deploys with. Tests of the example build it with this context so
 * that they check what `cdk synth` produces.
 */
export const EXAMPLE_CONTEXT: Record<string, unknown> =
  JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'cdk.json'), 'utf8')).context;

/** A new `App` with the example's context (its feature flags). */
export function appWithExampleContext(): App {
  return new App({ context: EXAMPLE_CONTEXT });
}

/** The example app as `cdk synth` in `examples/` builds it. */
export function exampleApp(): App {
  return buildExampleApp(appWithExampleContext());
}
