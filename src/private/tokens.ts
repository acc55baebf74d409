import { Tokenization } from 'aws-cdk-lib';

/** Stands in for each token while the literal text around it is collected. */
const TOKEN_MARK = '\u0000';

/**
 * The literal text around the tokens of a string (`'${Token[...]}*'` gives `['', '*']`), so that
 * rules about characters can be checked in values that are only partly known at synth time.
 */
export function literalParts(value: string): string[] {
  const joined: unknown = Tokenization.reverseString(value)
    .mapTokens({ mapToken: () => TOKEN_MARK })
    .join({ join: (left: unknown, right: unknown) => `${left}${right}` });
  return String(joined ?? '').split(TOKEN_MARK);
}
