import { Token } from 'aws-cdk-lib';

/**
 * Name rules and limits of the query layer, each returning the problems it finds (empty when the
 * value is fine or unresolved).
 */

/**
 * Glue names that Athena can query: lowercase (Athena lowercases names in DDL), 1-255 bytes, and no
 * special characters other than '_' (Athena supports no others, although Glue accepts more). The
 * named queries quote the names, so a leading digit or underscore is fine.
 * @see https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
 */
export const GLUE_NAME_MAX_LENGTH = 255;
const GLUE_NAME = /^[a-z0-9_]+$/;

/**
 * Workgroup names: `[a-zA-Z0-9._-]{1,128}`.
 * @see https://docs.aws.amazon.com/athena/latest/APIReference/API_GetWorkGroup.html
 */
export const WORKGROUP_NAME_MAX_LENGTH = 128;
const WORKGROUP_NAME = /^[a-zA-Z0-9._-]+$/;

/**
 * The workgroup every account already has, which cannot be deleted (so a stack cannot create or own it).
 * @see https://docs.aws.amazon.com/athena/latest/APIReference/API_DeleteWorkGroup.html
 */
export const PRIMARY_WORKGROUP = 'primary';

/**
 * The smallest per-query scan cutoff Athena accepts: 10 MB (`BytesScannedCutoffPerQuery`
 * minimum 10000000 in the CloudFormation schema of `AWS::Athena::WorkGroup`).
 * @see https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html
 */
export const BYTES_SCANNED_CUTOFF_MIN = 10_000_000;
/**
 * The largest value we accept: the property is a 64-bit integer, and JavaScript numbers are exact
 * only up to 2^53 - 1. AWS documents no maximum (UNVERIFIED).
 */
export const BYTES_SCANNED_CUTOFF_MAX = Number.MAX_SAFE_INTEGER;

/**
 * Event data store names: 3-128 characters of `[a-zA-Z0-9._-]`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-eventdatastore.html
 */
export const EVENT_DATA_STORE_NAME_MIN_LENGTH = 3;
export const EVENT_DATA_STORE_NAME_MAX_LENGTH = 128;
const EVENT_DATA_STORE_NAME = /^[a-zA-Z0-9._-]+$/;

/**
 * Event data store retention: 7 to 3653 days (the extendable-retention pricing maximum).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-eventdatastore.html
 */
export const EVENT_DATA_STORE_RETENTION_MIN_DAYS = 7;
export const EVENT_DATA_STORE_RETENTION_MAX_DAYS = 3653;

/** Glue database or table name. */
export function glueNameProblems(prop: string, value: string, example: string): string[] {
  if (Token.isUnresolved(value)) {
    return [`'${prop}' must be a literal string: the named queries spell it out. Pass a plain name such as '${example}'.`];
  }
  const bytes = Buffer.byteLength(value, 'utf-8');
  if (bytes >= 1 && bytes <= GLUE_NAME_MAX_LENGTH && GLUE_NAME.test(value)) {
    return [];
  }
  const lowered = value.toLowerCase();
  const hint = lowered !== value && GLUE_NAME.test(lowered) && bytes <= GLUE_NAME_MAX_LENGTH ? `'${lowered}' (Athena lowercases names)` : `e.g. '${example}'`;
  return [`'${prop}' must be 1-${GLUE_NAME_MAX_LENGTH} lowercase letters, digits or underscores (names Athena can query, at most ${GLUE_NAME_MAX_LENGTH} bytes), got '${value}'. Use ${hint}.`];
}

/** Athena workgroup name. */
export function workGroupNameProblems(value: string, prop: string = 'workGroupName'): string[] {
  if (Token.isUnresolved(value)) {
    return [`'${prop}' must be a literal string: grants name the workgroup in their ARN. Pass a plain name such as 'cloudtrail-org'.`];
  }
  if (value === PRIMARY_WORKGROUP) {
    return [`'${prop}' must not be '${PRIMARY_WORKGROUP}': every account already has that workgroup, and a stack can neither create nor delete it. Use e.g. 'cloudtrail-org'.`];
  }
  if (value.length >= 1 && value.length <= WORKGROUP_NAME_MAX_LENGTH && WORKGROUP_NAME.test(value)) {
    return [];
  }
  return [`'${prop}' must be 1-${WORKGROUP_NAME_MAX_LENGTH} letters, digits, periods, underscores or hyphens, got '${value}'. Use e.g. 'cloudtrail-org'.`];
}

/** Per-query scan cutoff in bytes. */
export function bytesScannedCutoffProblems(value: number, prop: string = 'bytesScannedCutoffPerQuery'): string[] {
  if (Token.isUnresolved(value)) {
    return [];
  }
  if (Number.isInteger(value) && value >= BYTES_SCANNED_CUTOFF_MIN && value <= BYTES_SCANNED_CUTOFF_MAX) {
    return [];
  }
  return [`'${prop}' must be a whole number of bytes from ${BYTES_SCANNED_CUTOFF_MIN} (10 MB, Athena's minimum) to ${BYTES_SCANNED_CUTOFF_MAX}, got ${value}. Use e.g. 1_000_000_000_000 (1 TB).`];
}

/** Event data store name. */
export function eventDataStoreNameProblems(value: string): string[] {
  if (Token.isUnresolved(value)) {
    return [];
  }
  if (value.length >= EVENT_DATA_STORE_NAME_MIN_LENGTH && value.length <= EVENT_DATA_STORE_NAME_MAX_LENGTH && EVENT_DATA_STORE_NAME.test(value)) {
    return [];
  }
  return [`'eventDataStoreName' must be ${EVENT_DATA_STORE_NAME_MIN_LENGTH}-${EVENT_DATA_STORE_NAME_MAX_LENGTH} letters, digits, periods, underscores or hyphens, got '${value}'. Use e.g. 'organization-events'.`];
}
