import { readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { ExitCode } from './exit-code';
import { parseArgs, UsageError } from './options';
import { BarProgress, LineProgress, NoProgress, Progress } from './progress';
import { formatReport } from './report';
import { describe, runValidation } from './run';
import { S3FolderLister } from './s3-folders';
import { CloudTrailPublicKeyProvider } from '../aws/cloudtrail-public-keys';
import { CloudTrailTrailEvents } from '../aws/cloudtrail-trail-events';
import { S3ObjectStore } from '../aws/s3-object-store';

const VERSION = packageVersion();

/**
 * The installed package's version: the bundle sits in the package's `assets/`, so the nearest
 * `package.json` named cdk-org-trail above it is the one it shipped in ('dev' when none is found).
 */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
      if (manifest.name === 'cdk-org-trail') {
        return manifest.version;
      }
    } catch {
      // no package.json here; look further up
    }
  }
  return 'dev';
}

/** The standard streams, replaceable in tests. */
export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

/**
 * `cdk-org-trail validate …`. Credentials and Regions come from the AWS SDK's default chains (environment, shared
 * config and credentials files, SSO, container and instance roles); `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3` and
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` are honoured by the SDK. Returns the exit code (see `ExitCode`).
 */
export async function main(argv: string[], io: Io = process, now = new Date()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv, now, VERSION, (s) => io.stdout.write(s), (s) => io.stderr.write(s));
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n(run 'cdk-org-trail validate --help')\n`);
      return ExitCode.USAGE;
    }
    throw error;
  }
  if (parsed.kind === 'exit') return parsed.code;
  const options = parsed.options;

  const s3 = new S3Client({ ...(options.region ? { region: options.region } : {}), followRegionRedirects: true });
  const cloudTrailClients = new Map<string, CloudTrailClient>();
  const cloudTrailIn = (region: string): CloudTrailClient => {
    let client = cloudTrailClients.get(region);
    if (!client) cloudTrailClients.set(region, client = new CloudTrailClient({ region }));
    return client;
  };
  const jsonToStdout = options.jsonFile === '-';
  const progress: Progress = options.quiet ? new NoProgress()
    : io.stderr.isTTY ? new BarProgress(io.stderr)
      : new LineProgress((line) => io.stderr.write(line));
  try {
    const report = await runValidation(options, {
      store: new S3ObjectStore(s3),
      lister: new S3FolderLister(s3),
      publicKeys: new CloudTrailPublicKeyProvider(cloudTrailIn),
      trailEvents: new CloudTrailTrailEvents(cloudTrailIn),
      progress,
    });
    // With --json -, standard output carries only the JSON; the text report goes to standard error.
    (jsonToStdout ? io.stderr : io.stdout).write(formatReport(report, options.maxFindings));
    const json = JSON.stringify(report, null, 2) + '\n';
    if (jsonToStdout) io.stdout.write(json);
    else if (options.jsonFile) writeFileSync(options.jsonFile, json);
    return report.exitCode;
  } catch (error) {
    progress.stop();
    io.stderr.write(`error: ${describe(error)}\n`);
    return ExitCode.INCOMPLETE;
  } finally {
    s3.destroy();
    for (const client of cloudTrailClients.values()) client.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error) => { process.stderr.write(`error: ${describe(error)}\n`); process.exitCode = ExitCode.INCOMPLETE; },
  );
}
