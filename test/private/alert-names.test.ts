import { Lazy } from 'aws-cdk-lib';
import { alertResourceName, defaultNamePrefix, namePrefixProblems } from '../../src/private/alert-names';

describe('defaultNamePrefix', () => {
  test('is <trailName>- up to 32 characters', () => {
    expect(defaultNamePrefix('organization-trail')).toEqual('organization-trail-');
    expect(defaultNamePrefix('t'.repeat(31))).toEqual(`${'t'.repeat(31)}-`);
  });

  test('longer trail names keep 22 characters and a hash of the whole name: 32 characters, stable, distinct', () => {
    const one = defaultNamePrefix('t'.repeat(32));
    const two = defaultNamePrefix(`${'t'.repeat(31)}u`);
    expect(one).toMatch(/^t{22}-[0-9a-f]{8}-$/);
    expect(one).toHaveLength(32);
    expect(defaultNamePrefix('t'.repeat(32))).toEqual(one);
    expect(two).not.toEqual(one);
    expect(namePrefixProblems('namePrefix', defaultNamePrefix('t'.repeat(128)))).toEqual([]);
  });
});

describe('alertResourceName', () => {
  test('is <prefix><alert id> up to the 64 characters of a rule name', () => {
    const id = 'x'.repeat(64 - 'org-trail-'.length);
    expect(alertResourceName('org-trail-', id)).toEqual(`org-trail-${id}`);
  });

  test('at 65 characters it keeps 55 and adds a hash of the alert id', () => {
    const id = 'x'.repeat(65 - 'org-trail-'.length);
    const name = alertResourceName('org-trail-', id);
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^org-trail-x{45}-[0-9a-f]{8}$/);
    expect(alertResourceName('org-trail-', `${id}y`)).not.toEqual(name);
  });
});

describe('namePrefixProblems', () => {
  test('names the prop, shows the value and gives an example', () => {
    expect(namePrefixProblems('alerts.namePrefix', 'a b')).toEqual([
      '\'alerts.namePrefix\' must be 1-32 letters, digits, \'.\', \'-\' or \'_\' (EventBridge rule names allow no others), got \'a b\'. For example \'org-trail-\'.',
    ]);
  });

  test('a token cannot be matched by the alerting-tampering alert', () => {
    expect(namePrefixProblems('namePrefix', Lazy.string({ produce: () => 'x-' }))).toEqual([
      expect.stringMatching(/^'namePrefix' must be known at synth time/),
    ]);
  });
});
