import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { configFromEnvironment, createValidatorHandler, requiredEnvironment, ValidatorBatchResponse, ValidatorContext, ValidatorRunSummary, ValidatorSqsEvent } from './validator';
import { CloudTrailPublicKeyProvider } from '../aws/cloudtrail-public-keys';
import { CloudTrailTrailEvents, LOOKUP_EVENTS_INTERVAL_MS } from '../aws/cloudtrail-trail-events';
import { S3CheckpointStore, S3FolderLister } from '../aws/s3-checkpoint-store';
import { S3ObjectStore } from '../aws/s3-object-store';

/**
 * The continuous validator function (bundled at build time by projen into assets/, wrapped by the generated
 * `ValidatorFunction`). Configuration comes from the environment the `ContinuousValidation` construct sets.
 */

const s3 = new S3Client({});
const cloudTrailClients = new Map<string, CloudTrailClient>();

function cloudTrailIn(region: string): CloudTrailClient {
  let client = cloudTrailClients.get(region);
  if (!client) {
    client = new CloudTrailClient({ region });
    cloudTrailClients.set(region, client);
  }
  return client;
}

/**
 * Up to this many instances of the function run at once (`VALIDATOR_CONCURRENCY` in continuous-validation.ts, its
 * reserved concurrency) and share LookupEvents' rate per account and Region.
 */
const CONCURRENT_INSTANCES = 2;

function create() {
  return createValidatorHandler({
    config: configFromEnvironment(process.env),
    store: new S3ObjectStore(s3),
    folders: new S3FolderLister(s3),
    publicKeys: new CloudTrailPublicKeyProvider(cloudTrailIn),
    checkpoints: new S3CheckpointStore(s3, requiredEnvironment(process.env, 'STATE_BUCKET')),
    // The function runs in the trail's account; LookupEvents is called in each partition's home Region.
    trailEvents: new CloudTrailTrailEvents(cloudTrailIn, { minIntervalMs: LOOKUP_EVENTS_INTERVAL_MS * CONCURRENT_INSTANCES }),
  });
}

let real: ReturnType<typeof createValidatorHandler> | undefined;

/** The Lambda handler: SQS batches of EventBridge events (digest arrivals and the hourly sweep). */
export async function handler(event: ValidatorSqsEvent, context: ValidatorContext): Promise<ValidatorBatchResponse | ValidatorRunSummary> {
  real ??= create();
  return real(event, context);
}
