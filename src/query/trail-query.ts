import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { RESULTS_BUCKET_ACKNOWLEDGEMENTS } from './acknowledgements';
import { ArchiveQueryOptions } from './archive-query-options';
import {
  CLOUDTRAIL_COLUMNS, CLOUDTRAIL_INPUT_FORMAT, CLOUDTRAIL_OUTPUT_FORMAT, CLOUDTRAIL_SERDE, CloudTrailColumn, PARTITION_KEYS,
} from './cloudtrail-table-schema';
import { QueryTarget, TRAIL_QUERIES } from './named-queries';
import { AccountEnumeration, enumerationProblems, firstLogDateProblems, projectionParameters, RegionEnumeration } from './partition-projection';
import { acknowledge } from '../private/acknowledgements';
import { logsRootPath } from '../private/arns';
import { grantArchiveRead } from '../private/grants';
import { createAccessLogsBucket, deliverServerAccessLogs, HARDENED_BUCKET_BASE, sendEventsToEventBridge } from '../private/hardened-buckets';
import { assertSameRegion } from '../private/imported-policy';
import { ARCHIVE_OBJECT_SCAN_ACTIONS, ATHENA_QUERY_ACTIONS, GLUE_READ_ACTIONS, RESULTS_BUCKET_LIST_ACTIONS, RESULTS_KEY_ACTIONS, RESULTS_OBJECT_ACTIONS } from '../private/perms';
import { denyGrantsExceptForAwsServicesStatement } from '../private/policy-statements';
import { bytesScannedCutoffProblems, glueNameProblems, workGroupNameProblems } from '../private/query-names';
import { calledConstruct, propNamer, throwIfProblems, wholeDaysProblems } from '../private/validation';

/** Where Athena writes results in the results bucket. */
const RESULTS_PREFIX = 'results/';
/** Where the results bucket's server access logs land in the access-log bucket. */
const RESULTS_ACCESS_LOGS_PREFIX = 'athena-results/';

/**
 * The Athena engine the named queries are written for (Trino-based).
 * @see https://docs.aws.amazon.com/athena/latest/ug/engine-versions-reference-0003.html
 */
export const ATHENA_ENGINE_VERSION = 'Athena engine version 3';

/**
 * Props for `TrailQuery`.
 */
export interface TrailQueryProps extends ArchiveQueryOptions {
  /** The bucket the organization trail writes to. */
  readonly archiveBucket: s3.IBucket;

  /**
   * The trail's KMS key (log files are encrypted with it); analysts get `kms:Decrypt` of CloudTrail data keys only.
   *
   * @default - the log files are not encrypted with a KMS key (SSE-S3, e.g. Control Tower's archive by default): no key grant
   */
  readonly encryptionKey?: kms.IKey;

  /** The organization whose logs the table reads (`AWSLogs/<organizationId>/`). */
  readonly organizationId: string;

  /**
   * The trail's object key prefix.
   *
   * @default - no prefix
   */
  readonly s3KeyPrefix?: string;

  /**
   * The bucket that receives the results bucket's S3 server access logs (under
   * `athena-results/`). Its policy gets the S3 logging service's statement; an imported bucket
   * draws a warning with it instead.
   *
   * @default - a new hardened access-log bucket (SSE-S3, the only encryption server access logging accepts)
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * What happens to the results bucket, its key and a created access-log bucket when they leave
   * the stack. RETAIN by default although results can be re-created: CloudFormation cannot
   * delete a bucket that still holds objects, so anything else would make stack deletion fail
   * until the lifecycle has emptied it.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A named query the construct created.
 */
export interface TrailNamedQuery {
  /** The query's stable id in the catalog, e.g. `ec2-instances-terminated`. */
  readonly id: string;
  /** The named query resource. */
  readonly namedQuery: athena.CfnNamedQuery;
  /** The SQL it holds. */
  readonly queryString: string;
}

/**
 * Athena over the organization trail's archive: a Glue database and table with partition
 * projection for every account, Region and day (no crawler, no partition maintenance), a
 * workgroup that enforces encrypted results in its own hardened bucket and a per-query scan
 * limit, and partition-pruned named queries for the classic audit questions.
 *
 * @example
 * declare const archiveBucket: s3.IBucket;
 * declare const trailKey: kms.IKey;
 * declare const auditors: iam.IRole;
 *
 * const query = new TrailQuery(this, 'Query', {
 *   archiveBucket,
 *   encryptionKey: trailKey,
 *   organizationId: 'o-a1b2c3d4e5',
 *   accounts: AccountEnumeration.of(['111111111111', '222222222222']),
 * });
 * query.grantQuery(auditors);
 */
export class TrailQuery extends Construct {
  /** The Glue database. */
  public readonly database: glue.CfnDatabase;
  /** The Glue table over the archive. */
  public readonly table: glue.CfnTable;
  /** The Athena workgroup. */
  public readonly workGroup: athena.CfnWorkGroup;
  /** The bucket Athena writes query results to. */
  public readonly resultsBucket: s3.IBucket;
  /** The key that encrypts query results. */
  public readonly resultsEncryptionKey: kms.IKey;
  /** The bucket that receives the results bucket's server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The named queries, in catalog order. */
  public readonly namedQueries: TrailNamedQuery[];

  /** @attribute */
  public readonly databaseName: string;
  /** @attribute */
  public readonly tableName: string;
  /** @attribute */
  public readonly workGroupName: string;
  /** The workgroup's ARN. @attribute */
  public readonly workGroupArn: string;

  private readonly archiveBucket: s3.IBucket;
  private readonly trailKey?: kms.IKey;
  /** Where the organization's log files start in the archive (`[prefix/]AWSLogs/<orgId>`). */
  private readonly organizationRoot: string;

  constructor(scope: Construct, id: string, props: TrailQueryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.databaseName = props.databaseName ?? 'cloudtrail_org';
    this.tableName = props.tableName ?? 'organization_trail';
    this.workGroupName = props.workGroupName ?? 'cloudtrail-org';
    const accounts = props.accounts ?? AccountEnumeration.injected();
    const regions = props.regions ?? RegionEnumeration.allKnown(stackPartition(stack));
    const firstLogDate = props.firstLogDate ?? '2020/01/01';
    const cutoff = props.bytesScannedCutoffPerQuery ?? 1_000_000_000_000;
    const name = propNamer(props);
    throwIfProblems(calledConstruct(props, 'TrailQuery'), [
      ...glueNameProblems(name('databaseName'), this.databaseName, 'cloudtrail_org'),
      ...glueNameProblems(name('tableName'), this.tableName, 'organization_trail'),
      ...workGroupNameProblems(this.workGroupName, name('workGroupName')),
      ...bytesScannedCutoffProblems(cutoff, name('bytesScannedCutoffPerQuery')),
      ...enumerationProblems(accounts, regions, name),
      ...firstLogDateProblems(firstLogDate, name('firstLogDate')),
      ...wholeDaysProblems(name('resultsExpiration'), props.resultsExpiration, { minimum: 1 }, 'e.g. Duration.days(30)'),
    ]);
    assertSameRegion(this, 'archiveBucket', props.archiveBucket.env.region,
      'Athena reads the archive through a Glue table in the stack\'s Region; deploy the query layer in the archive\'s Region.');

    this.archiveBucket = props.archiveBucket;
    this.trailKey = props.encryptionKey;
    const organizationRoot = `${logsRootPath(props.s3KeyPrefix)}/${props.organizationId}`;
    this.organizationRoot = organizationRoot;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: `CloudTrail logs of organization ${props.organizationId}`,
      },
    });
    this.table = this.createTable(stack, props, organizationRoot, accounts, regions, firstLogDate);

    this.resultsEncryptionKey = props.resultsEncryptionKey ?? this.createResultsKey(removalPolicy);
    this.accessLogsBucket = props.accessLogsBucket ?? this.createOwnAccessLogsBucket(removalPolicy);
    const resultsBucket = this.createResultsBucket(props.resultsExpiration ?? Duration.days(30), removalPolicy);
    this.resultsBucket = resultsBucket;

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `Queries over the CloudTrail logs of organization ${props.organizationId}`,
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        resultConfiguration: {
          outputLocation: `s3://${resultsBucket.bucketName}/${RESULTS_PREFIX}`,
          expectedBucketOwner: stack.account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.resultsEncryptionKey.keyArn },
        },
      },
    });
    this.workGroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName });

    const target: QueryTarget = {
      database: this.databaseName,
      table: this.tableName,
      accounts: accounts.accountIds,
      regions: regions.regions,
    };
    this.namedQueries = TRAIL_QUERIES.map((definition) => {
      const queryString = definition.athenaSql(target);
      const namedQuery = new athena.CfnNamedQuery(this, `Query-${definition.id}`, {
        name: definition.title,
        description: definition.description,
        database: this.databaseName,
        workGroup: this.workGroup.ref,
        queryString,
      });
      // Construct-level ordering (DependsOn in the template): CfnResource.addDependency is
      // deprecated and addResourceDependency is newer than our aws-cdk-lib floor.
      namedQuery.node.addDependency(this.table);
      return { id: definition.id, namedQuery, queryString };
    });
  }

  /**
   * Gives a principal what an analyst needs to run the named queries and their own: the
   * workgroup's query actions, read access to the Glue catalog, database and table, `s3:GetObject`
   * on the organization's log files and `kms:Decrypt` of CloudTrail data keys, and read/write on
   * the results bucket with its key.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const athenaGrant = iam.Grant.addToPrincipal({ grantee, actions: ATHENA_QUERY_ACTIONS, resourceArns: [this.workGroupArn] });
    const catalogGrant = iam.Grant.addToPrincipal({
      grantee,
      actions: GLUE_READ_ACTIONS,
      resourceArns: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: this.databaseName }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${this.databaseName}/${this.tableName}` }),
      ],
    });
    const logs = grantArchiveRead(grantee, {
      bucket: this.archiveBucket,
      key: this.trailKey,
      objectsKeyPattern: `${this.organizationRoot}/*`,
      region: stack.region,
      objectActions: ARCHIVE_OBJECT_SCAN_ACTIONS,
    });
    const results = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: RESULTS_OBJECT_ACTIONS,
      resourceArns: [this.resultsBucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      resource: this.resultsBucket,
    });
    const resultsListing = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: RESULTS_BUCKET_LIST_ACTIONS,
      resourceArns: [this.resultsBucket.bucketArn],
      resource: this.resultsBucket,
    });
    const resultsKey = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: RESULTS_KEY_ACTIONS,
      resourceArns: [this.resultsEncryptionKey.keyArn],
      resourceSelfArns: ['*'],
      resource: this.resultsEncryptionKey,
    });
    return [catalogGrant, logs, results, resultsListing, resultsKey]
      .reduce((combined, grant) => combined.combine(grant), athenaGrant);
  }

  private createTable(stack: Stack, props: TrailQueryProps, organizationRoot: string,
    accounts: AccountEnumeration, regions: RegionEnumeration, firstLogDate: string): glue.CfnTable {
    const location = `s3://${props.archiveBucket.bucketName}/${organizationRoot}/`;
    const table = new glue.CfnTable(this, 'Table', {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: this.tableName,
        description: `CloudTrail records of organization ${props.organizationId}, partitioned by account, Region and delivery day (partition projection)`,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'cloudtrail',
          EXTERNAL: 'TRUE',
          ...projectionParameters({ tableLocation: location, accounts, regions, firstLogDate }),
        },
        partitionKeys: PARTITION_KEYS.map(glueColumn),
        storageDescriptor: {
          columns: CLOUDTRAIL_COLUMNS.map(glueColumn),
          location,
          inputFormat: CLOUDTRAIL_INPUT_FORMAT,
          outputFormat: CLOUDTRAIL_OUTPUT_FORMAT,
          serdeInfo: { serializationLibrary: CLOUDTRAIL_SERDE },
        },
      },
    });
    table.node.addDependency(this.database);
    return table;
  }

  private createResultsKey(removalPolicy: RemovalPolicy): kms.IKey {
    const key = new kms.Key(this, 'ResultsKey', {
      description: 'Encrypts the Athena query results over the CloudTrail organization archive',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy,
    });
    key.addToResourcePolicy(denyGrantsExceptForAwsServicesStatement());
    return key;
  }

  /** An access-log bucket of its own, for a query layer used without the archive's. */
  private createOwnAccessLogsBucket(removalPolicy: RemovalPolicy): s3.IBucket {
    const bucket = createAccessLogsBucket(this, 365, removalPolicy);
    sendEventsToEventBridge(bucket);
    return bucket;
  }

  private createResultsBucket(expiration: Duration, removalPolicy: RemovalPolicy): s3.Bucket {
    const days = expiration.toDays();
    const bucket = new s3.Bucket(this, 'ResultsBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.resultsEncryptionKey,
      bucketKeyEnabled: true,
      ...HARDENED_BUCKET_BASE,
      lifecycleRules: [{
        id: 'ExpireQueryResults',
        enabled: true,
        expiration: Duration.days(days),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
      removalPolicy,
    });
    deliverServerAccessLogs(this, bucket, this.accessLogsBucket, RESULTS_ACCESS_LOGS_PREFIX, 'S3ServerAccessLogsPolicyAthenaResults');
    sendEventsToEventBridge(bucket);
    acknowledge(bucket, RESULTS_BUCKET_ACKNOWLEDGEMENTS);
    return bucket;
  }
}

/**
 * `grantQuery` of the constructs that create the query layer optionally (`OrganizationTrail`,
 * `LogArchive`): the layer's grant, or an error saying it was turned off.
 */
export function grantQueryLayer(query: TrailQuery | undefined, grantee: iam.IGrantable): iam.Grant {
  if (!query) {
    throw new Error('grantQuery() needs the Athena query layer, but \'archiveQuery\' is false. Set it to true (the default) or grant access to your own query setup.');
  }
  return query.grantQuery(grantee);
}

function glueColumn(column: CloudTrailColumn): glue.CfnTable.ColumnProperty {
  return { name: column.name, type: column.type, comment: column.comment };
}

function stackPartition(stack: Stack): string {
  return Token.isUnresolved(stack.region) ? 'aws' : RegionInfo.get(stack.region).partition ?? 'aws';
}

