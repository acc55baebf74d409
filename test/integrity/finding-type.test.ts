import * as fs from 'fs';
import * as path from 'path';
import { FindingType, Severity, SEVERITY_OF } from '../../src/integrity/finding-type';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'integrity.md'), 'utf8');

describe('finding catalog', () => {
  test.each(Object.values(FindingType))('%s has a severity and a row in docs/integrity.md with that severity', (type) => {
    expect(Object.values(Severity)).toContain(SEVERITY_OF[type]);
    expect(DOC).toContain(`| \`${type}\` | ${SEVERITY_OF[type]} |`);
  });

  test('tampering and deletion are critical; what only blinds the validator is not', () => {
    const critical = Object.values(FindingType).filter((t) => SEVERITY_OF[t] === Severity.CRITICAL);
    expect(critical).toEqual(expect.arrayContaining([
      FindingType.CHAIN_GAP, FindingType.CHAIN_MISMATCH, FindingType.DIGEST_SIGNATURE_INVALID,
      FindingType.LOG_HASH_MISMATCH, FindingType.LOG_TRAILING_DATA,
    ]));
    expect(SEVERITY_OF[FindingType.LOG_ARCHIVED]).toBe(Severity.ERROR);
    expect(SEVERITY_OF[FindingType.DIGEST_OVERDUE]).toBe(Severity.HIGH);
  });
});
