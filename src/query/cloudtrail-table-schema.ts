/**
 * The CloudTrail record schema as Athena reads it, and the partition keys of the organization
 * table. Plain data: the Glue table is rendered from it, and the tests check every shipped query
 * against it.
 *
 * The columns follow AWS's `cloudtrail_logs_pp` table, column for column and type for type.
 * `requestparameters`, `responseelements`, `additionaleventdata` and `serviceeventdetails` stay
 * JSON text (query them with `json_extract_scalar`), because their shape differs for every API.
 * @see https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
 */

/** One column of the table: its name and Hive type. */
export interface CloudTrailColumn {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

const SESSION_ISSUER = 'struct<type:string,principalid:string,arn:string,accountid:string,username:string>';
const SESSION_CONTEXT = [
  'struct<attributes:struct<mfaauthenticated:string,creationdate:string>',
  `sessionissuer:${SESSION_ISSUER}`,
  'ec2roledelivery:string',
  'webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>',
].join(',');
const USER_IDENTITY = [
  'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string',
  'onbehalfof:struct<userid:string,identitystorearn:string>',
  `sessioncontext:${SESSION_CONTEXT}>`,
].join(',');

/** The data columns, in AWS's order. */
export const CLOUDTRAIL_COLUMNS: readonly CloudTrailColumn[] = [
  { name: 'eventversion', type: 'string' },
  { name: 'useridentity', type: USER_IDENTITY, comment: 'Who made the request (nested)' },
  { name: 'eventtime', type: 'string', comment: 'ISO 8601, UTC; use from_iso8601_timestamp()' },
  { name: 'eventsource', type: 'string' },
  { name: 'eventname', type: 'string' },
  { name: 'awsregion', type: 'string' },
  { name: 'sourceipaddress', type: 'string' },
  { name: 'useragent', type: 'string' },
  { name: 'errorcode', type: 'string' },
  { name: 'errormessage', type: 'string' },
  { name: 'requestparameters', type: 'string', comment: 'JSON text; use json_extract_scalar()' },
  { name: 'responseelements', type: 'string', comment: 'JSON text; use json_extract_scalar()' },
  { name: 'additionaleventdata', type: 'string', comment: 'JSON text; use json_extract_scalar()' },
  { name: 'requestid', type: 'string' },
  { name: 'eventid', type: 'string' },
  { name: 'readonly', type: 'string' },
  { name: 'resources', type: 'array<struct<arn:string,accountid:string,type:string>>' },
  { name: 'eventtype', type: 'string' },
  { name: 'apiversion', type: 'string' },
  { name: 'recipientaccountid', type: 'string' },
  { name: 'serviceeventdetails', type: 'string', comment: 'JSON text' },
  { name: 'sharedeventid', type: 'string' },
  { name: 'vpcendpointid', type: 'string' },
  { name: 'vpcendpointaccountid', type: 'string' },
  { name: 'eventcategory', type: 'string' },
  { name: 'addendum', type: 'struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>' },
  { name: 'sessioncredentialfromconsole', type: 'string' },
  { name: 'edgedevicedetails', type: 'string', comment: 'JSON text' },
  { name: 'tlsdetails', type: 'struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>' },
];

/** The account folder under `AWSLogs/<organizationId>/`. */
export const ACCOUNT_PARTITION = 'account';
/** The Region folder under `CloudTrail/`. */
export const REGION_PARTITION = 'region';
/** The `yyyy/MM/dd` folders: the UTC day CloudTrail delivered the file (events are never later than it). */
export const LOG_DATE_PARTITION = 'log_date';

/** The partition keys, in the order of the S3 path. */
export const PARTITION_KEYS: readonly CloudTrailColumn[] = [
  { name: ACCOUNT_PARTITION, type: 'string', comment: 'Account ID: the folder under AWSLogs/<organizationId>/' },
  { name: REGION_PARTITION, type: 'string', comment: 'Region: the folder under CloudTrail/' },
  { name: LOG_DATE_PARTITION, type: 'string', comment: 'Delivery day, yyyy/MM/dd (UTC)' },
];

/** The SerDe and formats AWS's CloudTrail table uses. */
export const CLOUDTRAIL_SERDE = 'org.apache.hive.hcatalog.data.JsonSerDe';
export const CLOUDTRAIL_INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
export const CLOUDTRAIL_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/**
 * Every name a query may use: top-level columns, partition keys, and dotted paths into structs
 * (`useridentity.sessioncontext.attributes.mfaauthenticated`). Arrays and maps end the path.
 */
export function queryablePaths(): string[] {
  const paths: string[] = [];
  for (const column of [...CLOUDTRAIL_COLUMNS, ...PARTITION_KEYS]) {
    paths.push(column.name);
    for (const field of structFieldPaths(column.type)) {
      paths.push(`${column.name}.${field}`);
    }
  }
  return paths;
}

/** Dotted field paths of a `struct<...>` type, nested structs included; empty for other types. */
export function structFieldPaths(type: string): string[] {
  if (!type.startsWith('struct<')) {
    return [];
  }
  const paths: string[] = [];
  for (const field of splitTopLevel(type.slice('struct<'.length, -1))) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon);
    paths.push(name);
    for (const nested of structFieldPaths(field.slice(colon + 1))) {
      paths.push(`${name}.${nested}`);
    }
  }
  return paths;
}

function splitTopLevel(fields: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of fields) {
    if (char === '<') depth++;
    if (char === '>') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
