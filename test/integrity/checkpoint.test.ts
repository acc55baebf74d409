import { Checkpoint, parseCheckpoint, serializeCheckpoint } from '../../src/integrity/checkpoint';

describe('checkpoint', () => {
  const checkpoint: Checkpoint = {
    partitionId: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/#t#us-east-1#standard',
    lastKey: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/24/k.json.gz',
    lastSignature: 'ab'.repeat(256),
    lastSha256: 'cd'.repeat(32),
    lastEndTime: '2026-11-24T10:01:31Z',
    validatedAt: '2026-11-24T10:30:00.000Z',
  };

  test('round-trips through JSON', () => {
    expect(parseCheckpoint(serializeCheckpoint(checkpoint))).toEqual(checkpoint);
  });

  test('optional fields may be absent (an unreadable last digest)', () => {
    const { partitionId, lastKey, validatedAt } = checkpoint;
    expect(parseCheckpoint(JSON.stringify({ partitionId, lastKey, validatedAt }))).toEqual({ partitionId, lastKey, validatedAt });
  });

  test.each([
    ['a missing lastKey', { ...checkpoint, lastKey: undefined }, /'lastKey'/],
    ['a numeric lastEndTime', { ...checkpoint, lastEndTime: 5 }, /'lastEndTime'/],
    ['null', null, /JSON object/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => parseCheckpoint(JSON.stringify(value))).toThrow(message);
  });
});
