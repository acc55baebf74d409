import * as crypto from 'crypto';

/** The digest fields that go into the string CloudTrail signs. */
export interface SignedDigestFields {
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly previousDigestSignature?: string;
}

/**
 * The exact string CloudTrail signs: end time, `bucket/key`, hex SHA-256 of the decompressed digest bytes as
 * delivered, and the previous digest's signature, joined by `\n` with no trailing newline. A chain's first digest
 * signs the literal `null` there (the AWS CLI: "The value must be 'null' to match the Java implementation").
 *
 * `\n` is fixed on purpose: the Java sample in the user guide joins with `%n`, which is `\r\n` on Windows.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html
 */
export function stringToSign(fields: SignedDigestFields, decompressedDigest: Uint8Array): string {
  return stringToSignWithHash(fields, sha256Hex(decompressedDigest));
}

/** `stringToSign` with the hex SHA-256 of the decompressed digest already computed (the chain needs it too). */
export function stringToSignWithHash(fields: SignedDigestFields, digestSha256Hex: string): string {
  return [
    fields.digestEndTime,
    `${fields.digestS3Bucket}/${fields.digestS3Object}`,
    digestSha256Hex,
    fields.previousDigestSignature ?? 'null',
  ].join('\n');
}

/** Hex SHA-256, the hash CloudTrail uses for digests and log files alike. */
export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
