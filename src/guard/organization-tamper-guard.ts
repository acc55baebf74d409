import { Names, Stack, Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { OrganizationTrail } from '../organization-trail';
import { arnAccount, keyArnProblems, targetIdProblems, trailArnProblems } from '../private/guard-inputs';
import { CONTROL_POLICY_MAX_CHARACTERS, ORGANIZATIONS_POLICY_NAME_MAX_LENGTH } from '../private/limits';
import { breakGlassPrincipalArnProblems, bucketNameProblems } from '../private/names';
import { partitionMismatchProblems } from '../private/partitions';
import {
  GuardedResources,
  PolicyDocumentJson,
  resourceControlPolicyDocument,
  serviceControlPolicyDocument,
} from '../private/tamper-guard-policies';
import { worstCase } from '../private/token-lengths';
import { calledConstruct, propNamer, throwIfProblems, withPropPath } from '../private/validation';

/** The construct named in the heading of a multi-problem error. */
const CONSTRUCT = 'OrganizationTamperGuard';

/** Appended to the policy name: Organizations shows both policies side by side. */
const SCP_SUFFIX = '-scp';
const RCP_SUFFIX = '-rcp';

/**
 * The settings of a tamper guard other than what it protects, shared by the constructor and
 * `OrganizationTamperGuard.forOrganizationTrail()`.
 */
export interface OrganizationTamperGuardOptions {
  /**
   * Where the policies are attached: the organization's root (`r-` and 4-32 lowercase letters
   * or digits), OUs (`ou-<root part>-<8-32 characters>`) or 12-digit member account IDs. Attach
   * to the OUs or accounts whose principals must not tamper (all of them: the root), and for the
   * resource control policy to the account holding the archive bucket and key.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
   */
  readonly targetIds: string[];

  /**
   * The IAM roles or users exempt from every statement but the LeaveOrganization one, matched
   * with `ArnNotLike` on `aws:PrincipalArn` (for a role session that is the role's ARN). List
   * the role that deploys the archive's stack (e.g. the CDK bootstrap's
   * `arn:aws:iam::<log archive account>:role/cdk-hnb659fds-cfn-exec-role-<account>-<region>`), or
   * its next update of the bucket or key policy fails. Role or user ARNs with a literal partition
   * and account; the name may use `*` or `?`. Each ARN is repeated in every guarded statement,
   * so it counts several times against the 5,120-character limit. An empty list exempts nobody:
   * only detaching the policy (from the management account) lifts the guard.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
   */
  readonly breakGlassPrincipalArns: string[];

  /**
   * Deny `organizations:LeaveOrganization` to every principal of the target accounts, break-glass
   * ones included: an account that leaves drops out of the organization trail. The management
   * account can still remove an account.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_LeaveOrganization.html
   * @default true
   */
  readonly denyLeaveOrganization?: boolean;

  /**
   * Also create a resource control policy (RCP) with the archive statements, which binds every
   * principal that calls the bucket or key in a member account: other organizations' principals
   * and, as an RCP is evaluated for the resource's account whoever calls, the management
   * account's (whom SCPs never restrict; UNVERIFIED: no page says so of them explicitly). RCPs do not affect
   * resources in the management account, so this needs the archive in a member account (the
   * log-archive split). The RCP policy type must be enabled in the organization first
   * (`aws organizations enable-policy-type --root-id r-... --policy-type RESOURCE_CONTROL_POLICY`),
   * or the deployment fails.
   *
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
   * @default false
   */
  readonly resourceControlPolicy?: boolean;

  /**
   * The policies' name, followed by `-scp` and `-rcp` (at most 124 ASCII characters).
   *
   * @default - derived from the construct path, unique in the app
   */
  readonly policyName?: string;
}

/**
 * Props for `OrganizationTamperGuard`: what to protect, as literal names and ARNs (or tokens of
 * this app's buckets, keys and pseudo parameters). At least one of `trailArn`,
 * `archiveBucketName`, `archiveKeyArn` or `denyLeaveOrganization` must guard something.
 */
export interface OrganizationTamperGuardProps extends OrganizationTamperGuardOptions {
  /**
   * The organization trail's ARN (`arn:<partition>:cloudtrail:<home Region>:<management
   * account>:trail/<name>`). The SCP denies StopLogging, DeleteTrail, UpdateTrail,
   * PutEventSelectors and PutInsightSelectors on it, which only a CloudTrail delegated
   * administrator's principals could otherwise call from a member account.
   *
   * @default - the trail is not guarded
   */
  readonly trailArn?: string;

  /**
   * The name of the bucket that archives the trail's log files. The policies deny deleting it or
   * its objects and versions, bypassing governance retention, lifting legal holds, and changing
   * its policy, ACL, versioning, Object Lock, lifecycle, default encryption, public access block
   * and access logging.
   *
   * @default - the bucket is not guarded
   */
  readonly archiveBucketName?: string;

  /**
   * The ARN of the KMS key that encrypts the log files (a key ARN, not an alias). The policies
   * deny disabling it, scheduling its deletion, replacing its policy, creating grants, disabling
   * rotation and deleting imported key material.
   *
   * @default - the key is not guarded
   */
  readonly archiveKeyArn?: string;
}

/**
 * An organization tamper guard: a service control policy (and optionally a resource control
 * policy) that denies the principals of the target accounts, break-glass principals aside, the
 * calls that would stop the organization trail, shorten or expose its archive bucket, disable
 * its key, or take an account out of the organization.
 *
 * SCPs do not restrict users or roles in the management account, and RCPs do not affect
 * resources there: the trail itself, and an archive kept beside it, are guarded against the
 * management account's own principals only by their resource policies and the tampering alerts
 * (`AlertPack.tampering()`). Deploy it from the management account (or an Organizations
 * delegated administrator); the SCP policy type must be enabled.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
 * @example
 * new OrganizationTamperGuard(this, 'TamperGuard', {
 *   targetIds: ['r-a1b2'],
 *   breakGlassPrincipalArns: ['arn:aws:iam::222222222222:role/BreakGlass'],
 *   trailArn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/organization-trail',
 *   archiveBucketName: 'org-trail-archive-222222222222',
 *   archiveKeyArn: 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 *   resourceControlPolicy: true,
 * });
 */
export class OrganizationTamperGuard extends Construct {
  /**
   * A guard for an `OrganizationTrail`: its trail ARN, archive bucket name and key ARN. An
   * archive this trail created lives in the management account, where SCPs guard it only against
   * member-account principals and RCPs not at all; so `resourceControlPolicy` needs an imported
   * archive key of another account.
   */
  public static forOrganizationTrail(scope: Construct, id: string, trail: OrganizationTrail,
    options: OrganizationTamperGuardOptions): OrganizationTamperGuard {
    const keyArn = trail.encryptionKey.keyArn;
    const keyAccount = arnAccount(keyArn);
    // The trail's owner: the management account, also when a delegated administrator deployed it.
    const trailAccount = trail.managementAccountId;
    const archiveInManagementAccount = keyAccount === undefined || Token.isUnresolved(trailAccount) || keyAccount === trailAccount;
    if (!Token.isUnresolved(trailAccount) && options.targetIds.includes(trailAccount)) {
      throw new Error(`'targetIds' lists ${trailAccount}, the management account of 'trail' (${trail.node.path}), where SCPs and RCPs have no effect. Attach the guard to the root, OUs or member accounts instead.`);
    }
    if (options.resourceControlPolicy && archiveInManagementAccount) {
      throw new Error(`'resourceControlPolicy' is true, but the archive key of 'trail' (${trail.node.path}) is in the management account, and RCPs do not affect resources there. Leave 'resourceControlPolicy' unset; to guard the archive with an RCP, keep the bucket and key in a log-archive member account and pass them to the trail as 'archiveBucket' and 'encryptionKey'.`);
    }
    return new OrganizationTamperGuard(scope, id, withPropPath({
      ...options,
      trailArn: trail.trailArn,
      archiveBucketName: trail.archiveBucket.bucketName,
      archiveKeyArn: keyArn,
    }, {
      prefix: '',
      renames: { trailArn: 'trail.trailArn', archiveBucketName: 'trail.archiveBucket.bucketName', archiveKeyArn: 'trail.encryptionKey.keyArn' },
      construct: 'OrganizationTamperGuard.forOrganizationTrail',
    }));
  }

  /** The service control policy. */
  public readonly serviceControlPolicy: organizations.CfnPolicy;

  /** The resource control policy (undefined unless `resourceControlPolicy` is true). */
  public readonly resourceControlPolicy?: organizations.CfnPolicy;

  /**
   * The service control policy's ID (`p-...`).
   * @attribute
   */
  public readonly serviceControlPolicyId: string;

  constructor(scope: Construct, id: string, props: OrganizationTamperGuardProps) {
    super(scope, id);
    const name = propNamer(props);
    const construct = calledConstruct(props, CONSTRUCT);
    throwIfProblems(construct, this.inputProblems(props, name));

    const guarded: GuardedResources = {
      partition: partitionOf(Stack.of(this)),
      trailArn: props.trailArn,
      bucketName: props.archiveBucketName,
      keyArn: props.archiveKeyArn,
      denyLeaveOrganization: props.denyLeaveOrganization ?? true,
      breakGlassPrincipalArns: props.breakGlassPrincipalArns,
    };
    const withRcp = props.resourceControlPolicy ?? false;
    throwIfProblems(construct, [
      ...this.sizeProblems('service control policy', serviceControlPolicyDocument, guarded, name),
      ...(withRcp ? this.sizeProblems('resource control policy', resourceControlPolicyDocument, guarded, name) : []),
    ]);

    const baseName = props.policyName ?? Names.uniqueResourceName(this, { maxLength: ORGANIZATIONS_POLICY_NAME_MAX_LENGTH - SCP_SUFFIX.length });
    const targetIds = [...props.targetIds];
    this.serviceControlPolicy = new organizations.CfnPolicy(this, 'Resource', {
      name: `${baseName}${SCP_SUFFIX}`,
      type: 'SERVICE_CONTROL_POLICY',
      description: 'cdk-org-trail tamper guard: denies stopping the organization trail, shortening its archive, disabling its key and leaving the organization',
      // An object, not a string: CloudFormation can detect drift only on an object.
      // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-policy.html
      content: serviceControlPolicyDocument(guarded),
      targetIds,
    });
    this.serviceControlPolicyId = this.serviceControlPolicy.attrId;
    if (withRcp) {
      this.resourceControlPolicy = new organizations.CfnPolicy(this, 'ResourceControlPolicy', {
        name: `${baseName}${RCP_SUFFIX}`,
        type: 'RESOURCE_CONTROL_POLICY',
        description: 'cdk-org-trail tamper guard: denies every principal shortening the trail archive and disabling its key',
        content: resourceControlPolicyDocument(guarded),
        targetIds,
      });
    }
  }

  private inputProblems(props: OrganizationTamperGuardProps, name: (prop: string) => string): string[] {
    const problems = [
      ...targetIdProblems(name('targetIds'), props.targetIds),
      ...props.breakGlassPrincipalArns.filter((arn) => Token.isUnresolved(arn)).map(() =>
        `'${name('breakGlassPrincipalArns')}' must hold literal ARNs: an exemption from the guard should be readable in the template, and a token's length cannot be counted against the policy size limit. Write the ARN out.`),
      ...breakGlassPrincipalArnProblems(name('breakGlassPrincipalArns'), props.breakGlassPrincipalArns),
      ...(props.trailArn === undefined ? [] : trailArnProblems(name('trailArn'), props.trailArn)),
      ...(props.archiveBucketName === undefined ? [] : bucketNameProblems(`'${name('archiveBucketName')}'`, props.archiveBucketName)),
      ...(props.archiveKeyArn === undefined ? [] : keyArnProblems(name('archiveKeyArn'), props.archiveKeyArn)),
      ...partitionMismatchProblems(this, name('breakGlassPrincipalArns'), props.breakGlassPrincipalArns),
      ...partitionMismatchProblems(this, name('trailArn'), props.trailArn === undefined ? [] : [props.trailArn]),
      ...partitionMismatchProblems(this, name('archiveKeyArn'), props.archiveKeyArn === undefined ? [] : [props.archiveKeyArn]),
    ];
    const archive = props.archiveBucketName !== undefined || props.archiveKeyArn !== undefined;
    if (props.trailArn === undefined && !archive && props.denyLeaveOrganization === false) {
      problems.push(`Nothing to guard: '${name('trailArn')}', '${name('archiveBucketName')}' and '${name('archiveKeyArn')}' are unset and '${name('denyLeaveOrganization')}' is false. Set at least one of them.`);
    }
    if (props.resourceControlPolicy && !archive) {
      problems.push(`'${name('resourceControlPolicy')}' is true, but the RCP guards only the archive and neither '${name('archiveBucketName')}' nor '${name('archiveKeyArn')}' is set. Set them, or leave '${name('resourceControlPolicy')}' unset.`);
    }
    if (props.policyName !== undefined && !Token.isUnresolved(props.policyName)) {
      const max = ORGANIZATIONS_POLICY_NAME_MAX_LENGTH - SCP_SUFFIX.length;
      if (props.policyName.length === 0 || props.policyName.length > max || !/^[\x20-\x7e]+$/.test(props.policyName)) {
        problems.push(`'${name('policyName')}' must be 1-${max} printable ASCII characters ('${SCP_SUFFIX}' and '${RCP_SUFFIX}' are appended), got '${props.policyName}'.`);
      }
    }
    return problems;
  }

  /**
   * The policy must fit Organizations' limit as the service receives it. CloudFormation's handler
   * serializes the `Content` object with Jackson's default (compact) writer, the same text as
   * `JSON.stringify`: aws-cloudformation/aws-cloudformation-resource-providers-organizations,
   * aws-organizations-policy Translator.convertObjectToString. Tokens count at their longest.
   */
  private sizeProblems(kind: string, render: (guarded: GuardedResources) => PolicyDocumentJson,
    guarded: GuardedResources, name: (prop: string) => string): string[] {
    const stack = Stack.of(this);
    const inputs: Array<[string, keyof GuardedResources]> = [['trailArn', 'trailArn'], ['archiveBucketName', 'bucketName'], ['archiveKeyArn', 'keyArn']];
    const estimated: string[] = [];
    const problems: string[] = [];
    const worst = { ...guarded } as { -readonly [K in keyof GuardedResources]: GuardedResources[K] };
    const partition = worstCase(stack, guarded.partition);
    worst.partition = partition.text;
    for (const [prop, field] of inputs) {
      const value = guarded[field] as string | undefined;
      if (value === undefined) continue;
      const measured = worstCase(stack, value);
      if (measured.unmeasurable.length > 0) {
        problems.push(`'${name(prop)}' holds a token whose length cannot be known at synth (${measured.unmeasurable.join(', ')}), so the ${kind} cannot be checked against the ${CONTROL_POLICY_MAX_CHARACTERS}-character limit. Pass a literal value.`);
      }
      if (measured.estimated) estimated.push(`'${name(prop)}'`);
      (worst as Record<string, unknown>)[field] = measured.text;
    }
    if (problems.length > 0) return problems;

    const length = (document: PolicyDocumentJson) => JSON.stringify(document).length;
    const total = length(render(worst));
    if (total <= CONTROL_POLICY_MAX_CHARACTERS) return [];
    const shares = [
      ...(worst.breakGlassPrincipalArns.length > 0
        ? [`'${name('breakGlassPrincipalArns')}' ${total - length(render({ ...worst, breakGlassPrincipalArns: [] }))} (each ARN is repeated in every guarded statement)`]
        : []),
      ...inputs.filter(([, field]) => worst[field] !== undefined)
        .map(([prop, field]) => `'${name(prop)}' ${total - length(render({ ...worst, [field]: undefined }))}`),
    ];
    const tokens = estimated.length > 0 || partition.estimated
      ? ` Tokens count at their longest possible text (${[...(partition.estimated ? ['the stack\'s partition'] : []), ...estimated].join(', ')}).`
      : '';
    return [`The ${kind} would be ${total} characters of minified JSON, over Organizations' limit of ${CONTROL_POLICY_MAX_CHARACTERS} (every character counts). Of these, ${shares.join(', ')}.${tokens} Shorten '${name('breakGlassPrincipalArns')}' (one ARN with '*' in the role name covers several roles), or split the guard in two OrganizationTamperGuards, each with part of '${name('trailArn')}', '${name('archiveBucketName')}' and '${name('archiveKeyArn')}'.`];
  }
}

/** The stack's partition: literal when its Region is, else the `AWS::Partition` token. */
function partitionOf(stack: Stack): string {
  if (!Token.isUnresolved(stack.region)) {
    const partition = RegionInfo.get(stack.region).partition;
    if (partition) return partition;
  }
  return stack.partition;
}
