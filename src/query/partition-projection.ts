import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { ACCOUNT_PARTITION, LOG_DATE_PARTITION, REGION_PARTITION } from './cloudtrail-table-schema';
import { ACCOUNT_ID, REGION_CODE } from '../private/names';

/**
 * How the table learns the organization's accounts (partition projection, `account` key).
 *
 * An organization trail writes one folder per account under `AWSLogs/<organizationId>/`. Athena
 * cannot list them, so they are either enumerated here or injected by each query.
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html
 */
export class AccountEnumeration {
  /**
   * The listed accounts are the table's `account` values (projection type `enum`): queries may
   * leave `account` unfiltered and read every listed account. When an account joins the
   * organization, add its ID and deploy: until then its logs are in the archive but not in the
   * table. AWS recommends keeping enum projections to a few dozen values (the table's metadata
   * must stay under Glue's limit); use `injected()` for large organizations.
   */
  public static of(accountIds: string[]): AccountEnumeration {
    return new AccountEnumeration('enum', [...accountIds]);
  }

  /**
   * Queries name the accounts they read (projection type `injected`): every query must filter
   * `account` with static equality (`account = '111111111111'` or `account IN (...)`), otherwise
   * Athena fails it with CONSTRAINT_VIOLATION. Nothing to do when accounts join.
   */
  public static injected(): AccountEnumeration {
    return new AccountEnumeration('injected', []);
  }

  private constructor(
    /** `enum` or `injected`. */
    public readonly projectionType: string,
    /** The enumerated account IDs (empty when injected). */
    public readonly accountIds: string[],
  ) {}
}

/**
 * The Regions the table reads (partition projection, `region` key, type `enum`). Listing a Region
 * that holds no logs costs Athena an empty S3 listing, nothing more.
 */
export class RegionEnumeration {
  /** Exactly these Regions. Add Regions you opt in to later, and deploy. */
  public static of(regions: string[]): RegionEnumeration {
    return new RegionEnumeration([...regions]);
  }

  /**
   * Every Region of the partition that this version of aws-cdk-lib knows (its `RegionInfo`
   * table), so a multi-Region trail's folders are all covered; Regions AWS opens later need an
   * upgrade or `of()`.
   */
  public static allKnown(partition: string = 'aws'): RegionEnumeration {
    return new RegionEnumeration(RegionInfo.regions
      .filter((region) => region.partition === partition)
      .map((region) => region.name)
      .sort());
  }

  private constructor(
    /** The Region codes. */
    public readonly regions: string[],
  ) {}
}

/** What the projection needs to know. */
export interface ProjectionSettings {
  readonly tableLocation: string;
  readonly accounts: AccountEnumeration;
  readonly regions: RegionEnumeration;
  readonly firstLogDate: string;
}

/** The date format of CloudTrail's `YYYY/MM/DD` folders, in Athena's (Java) notation. */
export const LOG_DATE_FORMAT = 'yyyy/MM/dd';

/**
 * The Glue table parameters that turn on partition projection for the organization layout
 * `<location><account>/CloudTrail/<region>/<yyyy/MM/dd>/`: no crawler, no `ADD PARTITION`.
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 */
export function projectionParameters(settings: ProjectionSettings): Record<string, string> {
  const parameters: Record<string, string> = {
    'projection.enabled': 'true',
    [`projection.${ACCOUNT_PARTITION}.type`]: settings.accounts.projectionType,
    [`projection.${REGION_PARTITION}.type`]: 'enum',
    [`projection.${REGION_PARTITION}.values`]: settings.regions.regions.join(','),
    [`projection.${LOG_DATE_PARTITION}.type`]: 'date',
    [`projection.${LOG_DATE_PARTITION}.format`]: LOG_DATE_FORMAT,
    [`projection.${LOG_DATE_PARTITION}.range`]: `${settings.firstLogDate},NOW`,
    [`projection.${LOG_DATE_PARTITION}.interval`]: '1',
    [`projection.${LOG_DATE_PARTITION}.interval.unit`]: 'DAYS',
    'storage.location.template': `${settings.tableLocation}\${${ACCOUNT_PARTITION}}/CloudTrail/\${${REGION_PARTITION}}/\${${LOG_DATE_PARTITION}}`,
  };
  if (settings.accounts.projectionType === 'enum') {
    parameters[`projection.${ACCOUNT_PARTITION}.values`] = settings.accounts.accountIds.join(',');
  }
  return parameters;
}

const LOG_DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;

/** Problems with the enumerations, each naming the prop (`name` gives the user's name for it). */
export function enumerationProblems(accounts: AccountEnumeration, regions: RegionEnumeration,
  name: (prop: string) => string = (prop) => prop): string[] {
  const problems: string[] = [];
  const accountsProp = name('accounts');
  const regionsProp = name('regions');
  if (accounts.projectionType === 'enum') {
    if (accounts.accountIds.length === 0) {
      problems.push(`'${accountsProp}' enumerates no account (the list is empty), so the table would read nothing. List the organization's account IDs (AccountEnumeration.of([...])) or use AccountEnumeration.injected().`);
    }
    const bad = accounts.accountIds.filter((id) => !Token.isUnresolved(id) && !ACCOUNT_ID.test(id));
    if (bad.length > 0) {
      problems.push(`'${accountsProp}' must list 12-digit account IDs, got ${quoted(bad)}. Copy them from 'aws organizations list-accounts'.`);
    }
    const tokens = accounts.accountIds.filter((id) => Token.isUnresolved(id));
    if (tokens.length > 0) {
      problems.push(`'${accountsProp}' must list literal account IDs: they are written into the table's projection properties, got ${quoted(tokens)}. Pass plain strings.`);
    }
    const duplicates = repeated(accounts.accountIds);
    if (duplicates.length > 0) {
      problems.push(`'${accountsProp}' lists ${quoted(duplicates)} more than once. List each account once.`);
    }
  }
  if (regions.regions.length === 0) {
    problems.push(`'${regionsProp}' enumerates no Region (the list is empty), so the table would read nothing. Use RegionEnumeration.allKnown() or list the Regions your accounts use.`);
  }
  const badRegions = regions.regions.filter((region) => Token.isUnresolved(region) || !REGION_CODE.test(region));
  if (badRegions.length > 0) {
    problems.push(`'${regionsProp}' must list literal Region codes such as 'us-east-1', got ${quoted(badRegions)}.`);
  }
  const duplicateRegions = repeated(regions.regions);
  if (duplicateRegions.length > 0) {
    problems.push(`'${regionsProp}' lists ${quoted(duplicateRegions)} more than once. List each Region once.`);
  }
  return problems;
}

/** Problems with the first day the projection covers. */
export function firstLogDateProblems(value: string, prop: string = 'firstLogDate'): string[] {
  const match = LOG_DATE.exec(value);
  const valid = match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return valid ? [] : [`'${prop}' must be a calendar day written yyyy/MM/dd (the folders CloudTrail writes), got '${value}'. Use e.g. '2020/01/01'.`];
}

function repeated(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
