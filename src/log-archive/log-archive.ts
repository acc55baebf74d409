import { Arn, CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogArchiveReference, TrailKeyPlacement } from './log-archive-reference';
import { registerLogArchive } from './pairing';
import { ArchiveBucketOptions, TrailArchive } from '../archive/trail-archive';
import { TrailKey } from '../key/trail-key';
import { trailArnIn } from '../private/arns';
import { grantTrailLogsRead } from '../private/grants';
import { ACCOUNT_ID, bucketNameProblems, organizationIdProblems, s3KeyPrefixProblems, trailNameProblems } from '../private/names';
import { defaultQueryDatabaseName, defaultQueryWorkGroupName } from '../private/physical-names';
import { throwIfProblems, withPropPath } from '../private/validation';
import { ArchiveQueryOptions } from '../query/archive-query-options';
import { grantQueryLayer, TrailQuery } from '../query/trail-query';

const CONSTRUCT = 'LogArchive';

/** Props for `LogArchive`. */
export interface LogArchiveProps extends ArchiveBucketOptions {
  /** The organization whose trail writes to the archive. */
  readonly organizationId: string;

  /**
   * The management account, which owns the organization trail (the policies' `aws:SourceArn` is
   * `arn:<partition>:cloudtrail:<Region>:<managementAccount>:trail/<trailName>`).
   */
  readonly managementAccount: string;

  /**
   * The account that deploys the trail's stack, when it is not the management account: a
   * CloudTrail delegated administrator (`OrganizationTrail` with
   * `deployedFrom: TrailDeployment.delegatedAdministrator(...)`). The trail still belongs to the
   * management account, so the bucket and key policies keep naming the management account's trail;
   * what changes is where the trail key lives with `TrailKeyPlacement.MANAGEMENT_ACCOUNT` (beside the
   * trail, in this account), which the identity policies of readers, the query layer and a validator
   * here name. 12 digits, not the log-archive account. Only with `TrailKeyPlacement.MANAGEMENT_ACCOUNT`.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
   * @default - the management account deploys the trail's stack
   */
  readonly trailDeploymentAccount?: string;

  /**
   * The name of the organization trail that writes here. It must be the trail's name in the
   * trail's stack (`LogArchive.reference` carries it there).
   *
   * @default 'organization-trail'
   */
  readonly trailName?: string;

  /**
   * The object key prefix the trail writes under (`<prefix>/AWSLogs/...`).
   *
   * @default - no prefix
   */
  readonly s3KeyPrefix?: string;

  /**
   * The archive bucket's name. The trail's stack names it literally.
   *
   * @default - `<trailName>-<log-archive account>-<Region>`, lowercased, with `_` as `-`
   */
  readonly bucketName?: string;

  /**
   * Where the trail's KMS key lives.
   *
   * @default TrailKeyPlacement.MANAGEMENT_ACCOUNT
   */
  readonly keyPlacement?: TrailKeyPlacement;

  /**
   * With `TrailKeyPlacement.MANAGEMENT_ACCOUNT`: the trail key's ARN, once known (the trail
   * stack's first deploy), to name it instead of every key of the trail stack's account in the
   * identity policies of readers, the query layer and a validator here. The trail key's policy
   * allows this account only this trail's log files either way.
   *
   * @default - `arn:<partition>:kms:<Region>:<trailDeploymentAccount, else managementAccount>:key/*`
   */
  readonly trailKeyArn?: string;

  /**
   * How often a key created here (`TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT`) rotates its key material
   * (whole days, 90 to 2560).
   *
   * @default Duration.days(365)
   */
  readonly keyRotationPeriod?: Duration;

  /**
   * Create the Athena query layer here, beside the archive it reads (same account: no
   * cross-account bucket access, results stay in the log-archive account).
   *
   * @default true
   */
  readonly archiveQuery?: boolean;

  /**
   * Settings of the Athena query layer. Only with `archiveQuery` true.
   *
   * @default - see `ArchiveQueryOptions`
   */
  readonly archiveQueryOptions?: ArchiveQueryOptions;

  /**
   * What happens to the buckets and key this construct creates when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The archive of an organization trail in a log-archive account: the hardened archive bucket
 * (lifecycle, optional Object Lock, object events to EventBridge, the archive guard), its
 * access-log bucket, a bucket policy that lets only the management account's organization trail
 * write (`aws:SourceArn` names it), the trail's KMS key when it lives here, and the Athena query
 * layer. `reference` carries the literal names the trail's stack needs.
 *
 * The bucket policy's `aws:SourceArn` is the trail's ARN in the management account: "the value of
 * aws:SourceArn must be a trail ARN owned by the management account and using the management account ID".
 * That holds when a CloudTrail delegated administrator creates the trail (`trailDeploymentAccount`):
 * "The management account remains the owner of any CloudTrail organization resources the delegated
 * administrator creates."
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 *
 * Deploy it in the log-archive account, in the trail's home Region, before the trail's stack (in
 * one app, `OrganizationTrail` with `logArchive` orders the two stacks).
 *
 * @example
 * declare const logArchiveStack: Stack;
 * declare const managementStack: Stack;
 *
 * const archive = new LogArchive(logArchiveStack, 'LogArchive', {
 *   organizationId: 'o-a1b2c3d4e5',
 *   managementAccount: '111111111111',
 * });
 * new OrganizationTrail(managementStack, 'OrgTrail', {
 *   organizationId: 'o-a1b2c3d4e5',
 *   logArchive: archive.reference,
 * });
 */
export class LogArchive extends Construct {
  /** The bucket CloudTrail writes to. */
  public readonly bucket: s3.IBucket;

  /** The bucket that receives the archive's S3 server access logs. */
  public readonly accessLogsBucket: s3.IBucket;

  /**
   * The key the log files are encrypted with, for grants here: the key created here
   * (`LOG_ARCHIVE_ACCOUNT`), or the trail key beside the trail named by `trailKeyArn`, else every
   * key of the trail stack's account (`trailDeploymentAccount`, else the management account:
   * `key/*`, whose key policies decide).
   */
  public readonly encryptionKey: kms.IKey;

  /** The Athena query layer (undefined when `archiveQuery` is false). */
  public readonly query?: TrailQuery;

  /** The literal names the trail's `OrganizationTrail` takes as `logArchive`. */
  public readonly reference: LogArchiveReference;

  /** The ARN of the trail allowed to write here. @attribute */
  public readonly trailArn: string;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const trailName = props.trailName ?? 'organization-trail';
    const keyPlacement = props.keyPlacement ?? TrailKeyPlacement.MANAGEMENT_ACCOUNT;
    this.validateProps(props, trailName, keyPlacement);
    const bucketName = props.bucketName ?? defaultBucketName(trailName, stack.account, stack.region);
    throwIfProblems(CONSTRUCT, bucketNameProblems(props.bucketName === undefined
      ? 'The default bucket name (<trailName>-<account>-<Region>, set \'bucketName\' instead)' : '\'bucketName\'', bucketName));

    this.trailArn = trailArnIn(stack, { region: stack.region, account: props.managementAccount, trailName });
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const ownKey = keyPlacement === TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT ? new TrailKey(this, 'Key', {
      trailArn: this.trailArn,
      managementAccount: props.managementAccount,
      keyRotationPeriod: props.keyRotationPeriod,
      removalPolicy,
    }).key : undefined;

    const archive = new TrailArchive(this, 'Archive', withPropPath({
      ...props,
      trailArn: this.trailArn,
      organizationId: props.organizationId,
      s3KeyPrefix: props.s3KeyPrefix,
      managementAccount: props.managementAccount,
      bucketName,
      encryptionKey: ownKey,
      removalPolicy,
    }, { prefix: '', construct: CONSTRUCT }));
    this.bucket = archive.bucket;
    this.accessLogsBucket = archive.accessLogsBucket!;
    // With the key beside the trail, it lives in the account of the trail's stack (a delegated
    // administrator's, when one deploys it), not necessarily in the trail owner's.
    this.encryptionKey = ownKey ?? kms.Key.fromKeyArn(this, 'ManagementTrailKey', props.trailKeyArn ?? Arn.format({
      partition: stack.partition, service: 'kms', region: stack.region, account: trailKeyAccount(props), resource: 'key', resourceName: '*',
    }));

    if (props.archiveQuery !== false) {
      this.query = new TrailQuery(this, 'Query', withPropPath({
        databaseName: defaultQueryDatabaseName(trailName),
        workGroupName: defaultQueryWorkGroupName(trailName),
        ...props.archiveQueryOptions,
        archiveBucket: this.bucket,
        encryptionKey: this.encryptionKey,
        organizationId: props.organizationId,
        s3KeyPrefix: props.s3KeyPrefix,
        accessLogsBucket: this.accessLogsBucket,
        removalPolicy,
      }, { prefix: 'archiveQueryOptions.', construct: CONSTRUCT }));
    }

    this.reference = {
      bucketName,
      logArchiveAccount: stack.account,
      region: stack.region,
      managementAccount: props.managementAccount,
      trailDeploymentAccount: props.trailDeploymentAccount,
      organizationId: props.organizationId,
      trailName,
      s3KeyPrefix: props.s3KeyPrefix,
      keyPlacement,
      keyArn: ownKey?.keyArn,
    };
    registerLogArchive(this, this.reference);
    if (ownKey) {
      new CfnOutput(this, 'KeyArn', {
        description: 'The trail key\'s ARN: pass it to the trail\'s stack as logArchive.keyArn',
        value: ownKey.keyArn,
      });
    }
  }

  /**
   * Lets a principal of the log-archive account read the trail's log and digest files: list and
   * get objects under `[prefix/]AWSLogs/`, decrypt CloudTrail's data keys and the archive's S3
   * Bucket Key (with the key beside the trail, in the trail stack's account, its key policy allows
   * this account and this grant is the IAM policy half), and list CloudTrail's public keys to
   * validate digests.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantTrailLogsRead(grantee, {
      bucket: this.bucket, key: this.encryptionKey, s3KeyPrefix: this.reference.s3KeyPrefix, region: Stack.of(this).region,
    });
  }

  /**
   * Lets a principal run the named queries and its own over the archive.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    return grantQueryLayer(this.query, grantee);
  }

  private validateProps(props: LogArchiveProps, trailName: string, keyPlacement: TrailKeyPlacement): void {
    const stack = Stack.of(this);
    const problems = [
      ...organizationIdProblems(props.organizationId),
      ...trailNameProblems(trailName),
      ...(props.s3KeyPrefix === undefined ? [] : s3KeyPrefixProblems(props.s3KeyPrefix)),
    ];
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      problems.push(`LogArchive needs its stack's account and Region at synth (env: { account, region }), got '${stack.account}' and '${stack.region}': the trail's stack names the bucket, its account and Region literally. Give the log-archive stack an explicit env.`);
    }
    if (Token.isUnresolved(props.managementAccount) || !ACCOUNT_ID.test(props.managementAccount)) {
      problems.push(`'managementAccount' must be a literal 12-digit account ID (the policies name the trail of that account), got '${props.managementAccount}'.`);
    }
    if (keyPlacement === TrailKeyPlacement.MANAGEMENT_ACCOUNT && props.keyRotationPeriod !== undefined) {
      problems.push('\'keyRotationPeriod\' only applies to a key created here, but \'keyPlacement\' is MANAGEMENT_ACCOUNT (the trail\'s stack creates the key). Set the rotation on OrganizationTrail instead, or use TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT.');
    }
    if (keyPlacement === TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT && props.trailKeyArn !== undefined) {
      problems.push('\'trailKeyArn\' names the trail key beside the trail (the management account\'s, or the delegated administrator\'s), but \'keyPlacement\' is LOG_ARCHIVE_ACCOUNT (the key is created here). Remove \'trailKeyArn\'.');
    }
    problems.push(...this.trailDeploymentAccountProblems(props, keyPlacement));
    const keyAccount = trailKeyAccount(props);
    if (props.trailKeyArn !== undefined && !Token.isUnresolved(props.trailKeyArn)
      && !new RegExp(`^arn:[a-z-]+:kms:${stack.region}:${keyAccount}:key/[0-9a-f-]+$`).test(props.trailKeyArn)) {
      const owner = props.trailDeploymentAccount === undefined
        ? `the management account ('${keyAccount}'), which deploys the trail's stack`
        : `the trail stack's account, 'trailDeploymentAccount' ('${keyAccount}')`;
      problems.push(`'trailKeyArn' must be the full ARN of a key of ${owner} in '${stack.region}' (arn:<partition>:kms:${stack.region}:${keyAccount}:key/<key id>), got '${props.trailKeyArn}'.`);
    }
    if (props.archiveQuery === false && props.archiveQueryOptions !== undefined) {
      problems.push('\'archiveQuery\' is false, but \'archiveQueryOptions\' is set. Remove it or set \'archiveQuery\' to true.');
    }
    throwIfProblems(CONSTRUCT, problems);
  }

  /**
   * A delegated administrator's account deploys the trail: 12 digits, not the log-archive account
   * (the trail's stack there would put the trail key beside the archive, which is
   * `TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT`), and only with the key beside the trail.
   */
  private trailDeploymentAccountProblems(props: LogArchiveProps, keyPlacement: TrailKeyPlacement): string[] {
    const account = props.trailDeploymentAccount;
    if (account === undefined) {
      return [];
    }
    if (Token.isUnresolved(account) || !ACCOUNT_ID.test(account)) {
      return [`'trailDeploymentAccount' must be a literal 12-digit account ID (the CloudTrail delegated administrator that deploys the trail's stack), got '${account}'.`];
    }
    const stack = Stack.of(this);
    const problems: string[] = [];
    if (!Token.isUnresolved(stack.account) && account === stack.account) {
      problems.push(`'trailDeploymentAccount' is '${account}', the log-archive account itself. Deploy the trail from the management account or a delegated administrator's account, or remove 'trailDeploymentAccount'.`);
    }
    if (keyPlacement === TrailKeyPlacement.LOG_ARCHIVE_ACCOUNT && account !== props.managementAccount) {
      problems.push(`'trailDeploymentAccount' is '${account}' (a delegated administrator deploys the trail) and 'keyPlacement' is LOG_ARCHIVE_ACCOUNT: which account's permissions CloudTrail checks on a third account's key when a delegated administrator creates the trail is not documented, so this combination is not supported. Use TrailKeyPlacement.MANAGEMENT_ACCOUNT (the key is created beside the trail, in '${account}').`);
    }
    return problems;
  }
}

/** The account of the trail key beside the trail: the trail stack's, which is the management account's unless a delegated administrator deploys it. */
function trailKeyAccount(props: LogArchiveProps): string {
  return props.trailDeploymentAccount ?? props.managementAccount;
}

/** `<trailName>-<account>-<region>`, in the characters bucket names allow. */
function defaultBucketName(trailName: string, account: string, region: string): string {
  return `${trailName.toLowerCase().replace(/_/g, '-')}-${account}-${region}`;
}
