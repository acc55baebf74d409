/**
 * The monthly cost of continuous validation, as README's "Validating the archive" section writes the formula.
 * Prices are us-east-1; each says where it was read and whether it was confirmed on an AWS page.
 */
export const PRICES = {
  /** S3 Standard GET per request: $0.0004 per 1,000 (c3x.dev "S3 request fees explained", 2026; AWS page not read: UNVERIFIED). */
  s3Get: 0.0004 / 1000,
  /** S3 Standard LIST per request: $0.005 per 1,000 (same source; UNVERIFIED on AWS's page). */
  s3List: 0.005 / 1000,
  /** KMS request: $0.03 per 10,000 (wring.co and factualminds.com KMS pricing guides, 2026; UNVERIFIED on AWS's page). */
  kmsRequest: 0.03 / 10_000,
  /** KMS free requests per month: 20,000 (https://aws.amazon.com/kms/pricing/, read). */
  kmsFreeRequests: 20_000,
  /** Lambda request: $0.20 per million (https://aws.amazon.com/lambda/pricing/ as quoted verbatim by api-evangelist/aws-lambda, 2026-09-20). */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda x86 duration: $0.0000166667 per GB-second (cloudchipr.com, artillery's prices.js citing AWS's page; UNVERIFIED on AWS's page). */
  lambdaGbSecond: 0.0000166667,
  /** ListPublicKeys: no price found; CloudTrail's pricing page lists no charge for API calls (https://aws.amazon.com/cloudtrail/pricing/): UNVERIFIED. */
  listPublicKeys: 0,
};

/** What the formula assumes besides prices; README explains each. */
export const COST_ASSUMPTIONS = {
  /** Regions with the trail per account. */
  regions: 17,
  /** Log files per partition per day (≤ 288 at 5-minute delivery; idle Regions far fewer). */
  logFilesPerPartitionDay: 100,
  /** Hourly digests. */
  digestsPerPartitionDay: 24,
  days: 30,
  /** Every GET of an SSE-KMS object is one KMS Decrypt (no S3 Bucket Key effect assumed: UNVERIFIED either way). */
  kmsDecryptPerGet: 1,
  /** Hourly sweep: one LIST per partition per hour (event-driven arrivals need none). */
  listsPerPartitionHour: 1,
  /** The validator function's memory (src/integrity/continuous-validation.ts: 1,024 MB). */
  lambdaMemoryGb: 1,
  /** Wall time per S3 GET the function waits for (assumption, not measured: loopback has no network latency). */
  s3GetLatencySeconds: 0.03,
  /** Log files read at once by the function. */
  logFileConcurrency: 16,
};

export interface MonthlyCost {
  readonly partitions: number;
  readonly s3Get: number;
  readonly s3List: number;
  readonly kms: number;
  readonly lambda: number;
  readonly total: number;
}

/**
 * P = A × R partitions (standard chain; backfill digests are rare). Per month:
 * GETs = P × (24 + L) × 30; LISTs = P × 24 × 30; KMS = max(0, GETs − 20,000);
 * Lambda: one invocation per digest, each lasting cpu + latency × (1 + L/24 / concurrency) seconds at M GB.
 */
export function monthlyCost(input: { accounts: number; cpuSecondsPerDigest: number }, a = COST_ASSUMPTIONS, p = PRICES): MonthlyCost {
  const partitions = input.accounts * a.regions;
  const digests = partitions * a.digestsPerPartitionDay * a.days;
  const logFiles = partitions * a.logFilesPerPartitionDay * a.days;
  const gets = digests + logFiles;
  const lists = partitions * 24 * a.listsPerPartitionHour * a.days;
  const logsPerDigest = a.logFilesPerPartitionDay / a.digestsPerPartitionDay;
  const secondsPerInvocation = input.cpuSecondsPerDigest + a.s3GetLatencySeconds * (1 + Math.ceil(logsPerDigest / a.logFileConcurrency));
  const s3Get = gets * p.s3Get;
  const s3List = lists * p.s3List;
  const kms = Math.max(0, gets * a.kmsDecryptPerGet - p.kmsFreeRequests) * p.kmsRequest;
  const lambda = digests * (p.lambdaRequest + secondsPerInvocation * a.lambdaMemoryGb * p.lambdaGbSecond);
  return { partitions, s3Get, s3List, kms, lambda, total: s3Get + s3List + kms + lambda };
}
