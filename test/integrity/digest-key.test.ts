import { DigestChain, parseDigestKey } from '../../src/integrity/digest-key';

describe('parseDigestKey', () => {
  test('reads an organization trail key with a prefix', () => {
    const key = 'audit/AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/eu-west-1/2026/11/24/'
      + '111122223333_CloudTrail-Digest_eu-west-1_org-trail_us-east-1_20261124T100131Z.json.gz';
    expect(parseDigestKey(key)).toEqual({
      key,
      keyPrefix: 'audit/',
      organizationId: 'o-exampleorgid',
      accountId: '111122223333',
      sourceRegion: 'eu-west-1',
      trailName: 'org-trail',
      homeRegion: 'us-east-1',
      endTime: new Date('2026-11-24T10:01:31Z'),
      chain: DigestChain.STANDARD,
    });
  });

  test('reads the user guide sample key (account trail, no prefix)', () => {
    const parsed = parseDigestKey('AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/'
      + '111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz');
    expect(parsed).toMatchObject({ keyPrefix: '', accountId: '111122223333', sourceRegion: 'us-east-2', trailName: 'your-trail-name' });
    expect(parsed?.organizationId).toBeUndefined();
  });

  test('reads backfill keys and trail names with underscores', () => {
    const parsed = parseDigestKey('AWSLogs/111122223333/CloudTrail-Digest/us-gov-west-1/2026/11/24/'
      + '111122223333_CloudTrail-Digest_us-gov-west-1_my_trail_name_us-gov-west-1_20261124T100131Z_backfill.json.gz');
    expect(parsed).toMatchObject({ trailName: 'my_trail_name', homeRegion: 'us-gov-west-1', chain: DigestChain.BACKFILL });
  });

  test.each([
    ['a log file', 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/24/111122223333_CloudTrail_us-east-1_20261124T1000Z_abc.json.gz'],
    ['a digest of another account in the name', 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/24/444455556666_CloudTrail-Digest_us-east-1_t_us-east-1_20261124T100131Z.json.gz'],
    ['a digest of another Region in the name', 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/24/111122223333_CloudTrail-Digest_eu-west-1_t_us-east-1_20261124T100131Z.json.gz'],
    ['an impossible date', 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/24/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261324T100131Z.json.gz'],
    ['junk', 'foo/baz/bar'],
  ])('ignores %s', (_name, key) => {
    expect(parseDigestKey(key)).toBeUndefined();
  });
});
