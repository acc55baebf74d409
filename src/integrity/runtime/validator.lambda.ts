import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { configFromEnvironment, createValidatorHandler, requiredEnvironment, ValidatorBatchResponse, ValidatorContext, ValidatorRunSummary, ValidatorSqsEvent } from './validator';
import { CloudTrailPublicKeyProvider } from '../aws/cloudtrail-public-keys';
import { S3CheckpointStore, S3FolderLister } from '../aws/s3-checkpoint-store';
import { S3ObjectStore } from '../aws/s3-object-store';

/**
 * The continuous validator function (bundled at build time by projen into assets/, wrapped by the generated
 * `ValidatorFunction`). Configuration comes from the environment the `ContinuousValidation` construct sets.
 */

const s3 = new S3Client({});
const cloudTrailClients = new Map<string, CloudTrailClient>();

function create() {
  return createValidatorHandler({
    config: configFromEnvironment(process.env),
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
    checkpoints: new S3CheckpointStore(s3, requiredEnvironment(process.env, 'STATE_BUCKET')),
  });
}

let real: ReturnType<typeof createValidatorHandler> | undefined;

/** The Lambda handler: SQS batches of EventBridge events (digest arrivals and the hourly sweep). */
export async function handler(event: ValidatorSqsEvent, context: ValidatorContext): Promise<ValidatorBatchResponse | ValidatorRunSummary> {
  real ??= create();
  return real(event, context);
}
