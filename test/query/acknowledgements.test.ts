import { RESULTS_BUCKET_ACKNOWLEDGEMENTS } from '../../src/query/acknowledgements';

describe('query-layer acknowledgements', () => {
  test('exactly these findings, each with a written reason', () => {
    expect(RESULTS_BUCKET_ACKNOWLEDGEMENTS.map((ack) => ack.id)).toEqual([
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'HIPAA.Security-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
    ]);
    for (const ack of RESULTS_BUCKET_ACKNOWLEDGEMENTS) {
      expect(ack.reason.length).toBeGreaterThan(30);
    }
  });
});
