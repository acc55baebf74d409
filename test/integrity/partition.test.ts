import { DigestChain } from '../../src/integrity/digest-key';
import { belongsTo, discoverPartitions } from '../../src/integrity/partition';

const digestKey = (root: string, account: string, region: string, trail: string, stamp: string, backfill = false): string =>
  `${root}${account}/CloudTrail-Digest/${region}/2026/11/24/${account}_CloudTrail-Digest_${region}_${trail}_us-east-1_${stamp}${backfill ? '_backfill' : ''}.json.gz`;

const ORG = 'AWSLogs/o-exampleorgid/';

describe('discoverPartitions', () => {
  const keys = [
    digestKey(ORG, '111122223333', 'us-east-1', 'org-trail', '20261124T010131Z'),
    digestKey(ORG, '111122223333', 'us-east-1', 'org-trail', '20261124T020131Z'),
    digestKey(ORG, '111122223333', 'us-east-1', 'org-trail', '20261124T020131Z', true),
    digestKey(ORG, '111122223333', 'eu-west-1', 'org-trail', '20261124T010131Z'),
    digestKey(ORG, '444455556666', 'us-east-1', 'org-trail', '20261124T010131Z'),
    digestKey(ORG, '444455556666', 'us-east-1', 'other-trail', '20261124T010131Z'),
    'AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2026/11/24/111122223333_CloudTrail_us-east-1_20261124T0100Z_x.json.gz',
    'AWSLogs/o-exampleorgid/111122223333/CloudTrail-Insight/us-east-1/2026/11/24/x.json.gz',
  ];

  test('one partition per account × source Region × trail × chain, log files ignored, sorted by id', () => {
    const partitions = discoverPartitions(keys);
    expect(partitions.map((p) => [p.accountId, p.sourceRegion, p.trailName, p.chain])).toEqual([
      ['111122223333', 'eu-west-1', 'org-trail', DigestChain.STANDARD],
      ['111122223333', 'us-east-1', 'org-trail', DigestChain.BACKFILL],
      ['111122223333', 'us-east-1', 'org-trail', DigestChain.STANDARD],
      ['444455556666', 'us-east-1', 'org-trail', DigestChain.STANDARD],
      ['444455556666', 'us-east-1', 'other-trail', DigestChain.STANDARD],
    ]);
    expect(partitions[0]).toMatchObject({
      organizationId: 'o-exampleorgid',
      listPrefix: 'AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/eu-west-1/',
      id: 'AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/eu-west-1/#org-trail#us-east-1#standard',
    });
  });

  test('a partition keeps only its own trail and chain from a shared listing prefix', () => {
    const standard = discoverPartitions(keys).find((p) => p.accountId === '111122223333' && p.sourceRegion === 'us-east-1' && p.chain === DigestChain.STANDARD)!;
    expect(keys.filter((k) => belongsTo(standard, k))).toEqual([keys[0], keys[1]]);
  });

  test('account trails and prefixes give their own partitions', () => {
    const [p] = discoverPartitions([digestKey('logs/AWSLogs/', '111122223333', 'us-east-1', 't', '20261124T010131Z')]);
    expect(p).toMatchObject({ keyPrefix: 'logs/', listPrefix: 'logs/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/' });
    expect(p.organizationId).toBeUndefined();
  });
});
