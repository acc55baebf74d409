import { FakePublicKeys } from './fixtures/fake-public-keys';
import { generateSigningKey } from './fixtures/signing-keys';
import { FindingType } from '../../src/integrity/finding-type';
import { fingerprintOf } from '../../src/integrity/public-key';
import { PublicKeyLookup } from '../../src/integrity/public-key-lookup';

const T0 = new Date('2026-11-01T00:00:00Z');
const HOUR_MS = 3_600_000;
const KEY = generateSigningKey(T0);
const inWindow = (hours: number): [Date, Date] => [new Date(T0.getTime() + hours * HOUR_MS), new Date(T0.getTime() + (hours + 3) * HOUR_MS)];

describe('PublicKeyLookup', () => {
  test('finds a key by fingerprint in the digest Region and asks ListPublicKeys once for many digests', async () => {
    const provider = new FakePublicKeys({ 'eu-west-1': [KEY.published] });
    const lookup = new PublicKeyLookup(provider);
    for (let h = 0; h < 48; h++) {
      expect((await lookup.find('eu-west-1', KEY.published.fingerprint, ...inWindow(h))).key).toBeDefined();
    }
    expect(provider.calls).toHaveLength(1);
  });

  test('keys are per Region: the same fingerprint is not found in another Region', async () => {
    const lookup = new PublicKeyLookup(new FakePublicKeys({ 'eu-west-1': [KEY.published] }));
    expect((await lookup.find('us-east-1', KEY.published.fingerprint, ...inWindow(1))).problem).toBe(FindingType.PUBLIC_KEY_NOT_FOUND);
  });

  test('a key outside its validity window is not used', async () => {
    const lookup = new PublicKeyLookup(new FakePublicKeys({ 'eu-west-1': [KEY.published] }));
    await lookup.find('eu-west-1', KEY.published.fingerprint, ...inWindow(1));
    expect((await lookup.find('eu-west-1', KEY.published.fingerprint, ...inWindow(31 * 24))).problem).toBe(FindingType.PUBLIC_KEY_NOT_FOUND);
  });

  test('a key whose bytes do not hash to its fingerprint is refused', async () => {
    const other = generateSigningKey(T0);
    const forged = { ...other.published, fingerprint: KEY.published.fingerprint };
    const result = await new PublicKeyLookup(new FakePublicKeys({ 'eu-west-1': [forged] })).find('eu-west-1', KEY.published.fingerprint, ...inWindow(1));
    expect(result.problem).toBe(FindingType.PUBLIC_KEY_INVALID);
    expect(result.detail).toMatch(/hashes to/);
  });

  test('findKnown answers without a promise only for a key already found and checked', async () => {
    const lookup = new PublicKeyLookup(new FakePublicKeys({ 'eu-west-1': [KEY.published] }));
    expect(lookup.findKnown('eu-west-1', KEY.published.fingerprint, ...inWindow(1))).toBeUndefined();
    const found = await lookup.find('eu-west-1', KEY.published.fingerprint, ...inWindow(1));
    expect(lookup.findKnown('eu-west-1', KEY.published.fingerprint.toUpperCase(), ...inWindow(2))?.key).toBe(found.key);
    expect(lookup.findKnown('us-east-1', KEY.published.fingerprint, ...inWindow(2))).toBeUndefined();
    expect(lookup.findKnown('eu-west-1', KEY.published.fingerprint, ...inWindow(31 * 24))).toBeUndefined();
  });

  test('a refused key is refused again on every digest, never remembered as checked', async () => {
    const other = generateSigningKey(T0);
    const forged = { ...other.published, fingerprint: KEY.published.fingerprint };
    const lookup = new PublicKeyLookup(new FakePublicKeys({ 'eu-west-1': [forged] }));
    for (let h = 0; h < 3; h++) {
      expect((await lookup.find('eu-west-1', KEY.published.fingerprint, ...inWindow(h))).problem).toBe(FindingType.PUBLIC_KEY_INVALID);
      expect(lookup.findKnown('eu-west-1', KEY.published.fingerprint, ...inWindow(h))).toBeUndefined();
    }
  });

  test('bytes that are neither PKCS#1 nor SPKI are refused', async () => {
    const value = Buffer.from('YQo=', 'base64');
    const junk = { ...KEY.published, value, fingerprint: fingerprintOf(value) };
    const result = await new PublicKeyLookup(new FakePublicKeys({ 'eu-west-1': [junk] })).find('eu-west-1', junk.fingerprint, ...inWindow(1));
    expect(result.problem).toBe(FindingType.PUBLIC_KEY_INVALID);
  });
});
