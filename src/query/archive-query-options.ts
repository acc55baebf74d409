import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AccountEnumeration, RegionEnumeration } from './partition-projection';

/**
 * The settings of the Athena query layer a user can change: what the table reads, the names,
 * and the workgroup's limits.
 */
export interface ArchiveQueryOptions {

  /**
   * The accounts the table reads.
   *
   * @default AccountEnumeration.injected() - every query names its accounts; nothing to update when accounts join
   */
  readonly accounts?: AccountEnumeration;

  /**
   * The Regions the table reads.
   *
   * @default RegionEnumeration.allKnown() for the stack's partition
   */
  readonly regions?: RegionEnumeration;

  /**
   * The first delivery day the table covers (`yyyy/MM/dd`). Earlier logs stay in the archive but
   * are not read.
   *
   * @default '2020/01/01'
   */
  readonly firstLogDate?: string;

  /**
   * The Glue database (1-255 lowercase letters, digits or underscores).
   *
   * @default - `OrganizationTrail`: `cloudtrail_<trailName>` (lowercased, other characters as '_');
   *   `TrailQuery`: 'cloudtrail_org'
   */
  readonly databaseName?: string;

  /**
   * The Glue table (1-255 lowercase letters, digits or underscores).
   *
   * @default 'organization_trail'
   */
  readonly tableName?: string;

  /**
   * The Athena workgroup (1-128 letters, digits, `.`, `_` or `-`).
   *
   * @default - `OrganizationTrail`: `cloudtrail-<trailName>` (the trail name alone past 128
   *   characters); `TrailQuery`: 'cloudtrail-org'
   */
  readonly workGroupName?: string;

  /**
   * Athena cancels any query of the workgroup that scans more than this many bytes
   * (10 MB minimum).
   *
   * @default 1_000_000_000_000 (1 TB)
   * @see https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html
   */
  readonly bytesScannedCutoffPerQuery?: number;

  /**
   * How long query results are kept (whole days, at least 1).
   *
   * @default Duration.days(30)
   */
  readonly resultsExpiration?: Duration;

  /**
   * The key that encrypts query results (SSE-KMS).
   *
   * @default - a new key with rotation on, used only for results
   */
  readonly resultsEncryptionKey?: kms.IKey;
}
