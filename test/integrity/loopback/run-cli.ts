import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..', '..');
/** The bundle the package ships, when the build made one. */
const BUNDLE = path.join(REPO, 'assets', 'integrity', 'cli', 'index.js');

/** What a CLI run left behind. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in a child process, as a user would: the esbuild bundle when the build produced it, otherwise the
 * TypeScript entry point through ts-node (transpile only). The environment has only what the SDK needs to reach
 * the loopback endpoint: dummy static credentials, a Region, `AWS_ENDPOINT_URL`, and config files that do not
 * exist, so that nothing on the machine (profiles, SSO, instance metadata) is consulted.
 */
export function runCli(args: string[], endpoint: string): Promise<CliRun> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    TS_NODE_TRANSPILE_ONLY: 'true',
    TS_NODE_PROJECT: path.join(REPO, 'tsconfig.json'),
  };
  const command = fs.existsSync(BUNDLE) && !process.env.CLI_FROM_SOURCE
    ? [BUNDLE]
    : ['-r', require.resolve('ts-node/register/transpile-only'), path.join(REPO, 'src', 'integrity', 'cli', 'main.ts')];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...command, ...args], { env, cwd: home, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      fs.rmSync(home, { recursive: true, force: true });
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}
