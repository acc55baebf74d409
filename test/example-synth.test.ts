import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLES_DIR } from './util/example-app';

/**
 * `cdk synth` of the example app, run as a user runs it (the CDK CLI in `examples/`, which reads
 * `examples/cdk.json`) with `JSII_DEPRECATED=fail`, as strict pipelines set it: aws-cdk-lib reads
 * the variable when its modules load and then throws on any deprecated API instead of printing a
 * `[WARNING] ... is deprecated` line, so this runs in a child process. The synth must succeed and
 * print no warning at all: no deprecation, no annotation, no unconfigured feature flag.
 */
describe('cdk synth of the example app', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-org-trail-example-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const cdk = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk');
  const result = spawnSync(cdk, ['synth', '--quiet', '--no-notices', '--output', outdir], {
    cwd: EXAMPLES_DIR,
    env: { ...process.env, JSII_DEPRECATED: 'fail', CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;

  test('succeeds under JSII_DEPRECATED=fail', () => {
    expect({ status: result.status, error: result.error, output }).toEqual({ status: 0, error: undefined, output: expect.any(String) });
    expect(fs.statSync(path.join(outdir, 'OrganizationAudit.template.json')).size).toBeGreaterThan(0);
  });

  test('prints no deprecation, warning or unconfigured feature flag', () => {
    const noisy = output.split('\n').filter((line) => /deprecated|warning|feature flags? (is|are) not configured/i.test(line));
    expect(noisy).toEqual([]);
  });
});
