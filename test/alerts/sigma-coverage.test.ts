import { README_PACKS } from './catalog-table';
import { EXCLUDED_SIGMA_RULES, SIGMA_RULES } from './sigma-rules';

describe('coverage of the Sigma CloudTrail rules', () => {
  const answered = new Set(README_PACKS.flatMap((pack) => pack.alerts).flatMap((alert) => alert.sourceRules)
    .filter((rule) => rule.startsWith('sigma:')).map((rule) => rule.slice('sigma:'.length)));

  test('the reference lists 66 rules (57 rules, 1 placeholder, 8 unsupported)', () => {
    expect(new Set(SIGMA_RULES).size).toBe(66);
  });

  test.each(SIGMA_RULES)('%s is answered by an alert or listed as left out, not both', (rule) => {
    expect({ rule, answered: answered.has(rule), excluded: rule in EXCLUDED_SIGMA_RULES })
      .toEqual({ rule, answered: !(rule in EXCLUDED_SIGMA_RULES), excluded: rule in EXCLUDED_SIGMA_RULES });
  });

  test('no alert names a Sigma rule the reference does not list', () => {
    expect([...answered].filter((rule) => !SIGMA_RULES.includes(rule))).toEqual([]);
  });
});

