import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { createValidatorHandler, ValidatorConfig } from './validator';
import { CloudTrailPublicKeyProvider } from '../aws/cloudtrail-public-keys';
import { S3CheckpointStore, S3FolderLister } from '../aws/s3-checkpoint-store';
import { S3ObjectStore } from '../aws/s3-object-store';

/**
 * The continuous validator function (bundled at build time by projen into assets/, wrapped by the generated
 * `ValidatorFunction`). Configuration comes from the environment the `ContinuousValidation` construct sets.
 */

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Reads the function's environment (exported for tests). */
export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): ValidatorConfig {
  return {
    bucket: required(env, 'ARCHIVE_BUCKET'),
    accountsRoot: required(env, 'ACCOUNTS_ROOT'),
    sourceRegions: (env.SOURCE_REGIONS ?? '').split(',').map((region) => region.trim()).filter((region) => region !== ''),
    ...(env.TRAIL_NAME ? { trailName: env.TRAIL_NAME } : {}),
    ...(env.HOME_REGION ? { homeRegion: env.HOME_REGION } : {}),
    lookbackMs: Number(required(env, 'LOOKBACK_HOURS')) * 3_600_000,
  };
}

const s3 = new S3Client({});
const cloudTrailClients = new Map<string, CloudTrailClient>();

/** The Lambda handler: SQS batches of EventBridge events (digest arrivals and the hourly sweep). */
export const handler = createValidatorHandler({
  config: configFromEnvironment(),
  store: new S3ObjectStore(s3),
  folders: new S3FolderLister(s3),
  publicKeys: new CloudTrailPublicKeyProvider((region) => {
    let client = cloudTrailClients.get(region);
    if (!client) {
      client = new CloudTrailClient({ region });
      cloudTrailClients.set(region, client);
    }
    return client;
  }),
  checkpoints: new S3CheckpointStore(s3, required(process.env, 'STATE_BUCKET')),
});
