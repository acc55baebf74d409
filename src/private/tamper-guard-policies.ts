/**
 * The tamper guard's policy documents, as plain JSON objects: the service control policy (SCP)
 * and the resource control policy (RCP). Built by hand rather than with `iam.PolicyDocument`, so
 * that the text Organizations receives is exactly the text measured against its size limit
 * (statement order, no merging, no `{"AWS":"*"}` rewriting of the RCP's `"Principal":"*"`).
 */

/**
 * What an organization trail's shadow copy in a member account, or a delegated administrator,
 * could otherwise be asked to do: stop it, delete it, or change what and where it records.
 * The same calls `AlertPack.tampering()` alerts on.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
 */
export const TRAIL_TAMPER_ACTIONS: readonly string[] = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
];

/**
 * What would shorten, expose or silence the archive bucket: delete it or its objects and their
 * versions, bypass governance retention, and change the bucket policy, ACL, versioning, Object
 * Lock configuration, lifecycle (`s3:PutLifecycleConfiguration` also authorizes
 * DeleteBucketLifecycle), default encryption, public access block and server access logging.
 * The object actions match `<bucket ARN>/*`, the others the bucket ARN.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketLifecycle.html
 */
export const BUCKET_TAMPER_ACTIONS: readonly string[] = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketLogging',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
];

/**
 * What would make the archive unreadable or hand its data keys out: disable or schedule the
 * deletion of the key, replace its policy, give it away by grant, stop its rotation, delete
 * imported key material. CloudTrail needs none of them: its key policy sections are
 * GenerateDataKey*, Decrypt and DescribeKey.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export const KEY_TAMPER_ACTIONS: readonly string[] = [
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'kms:DisableKeyRotation',
  'kms:DeleteImportedKeyMaterial',
];

/**
 * Leaving the organization takes the account out of the organization trail.
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_LeaveOrganization.html
 */
export const LEAVE_ORGANIZATION_ACTION = 'organizations:LeaveOrganization';

/** What the guard protects; each part is optional. Values may be tokens. */
export interface GuardedResources {
  /** The partition of the bucket ARN. */
  readonly partition: string;
  readonly trailArn?: string;
  readonly bucketName?: string;
  readonly keyArn?: string;
  readonly denyLeaveOrganization: boolean;
  /** Literal role or user ARNs (patterns) exempt through `ArnNotLike` on `aws:PrincipalArn`. */
  readonly breakGlassPrincipalArns: readonly string[];
}

export type PolicyStatementJson = { [key: string]: unknown };

export interface PolicyDocumentJson {
  readonly Version: string;
  readonly Statement: PolicyStatementJson[];
}

/** The statement ids, in document order, and what each guards (for size messages). */
export const STATEMENT_SIDS = {
  trail: 'DenyOrgTrailTamper',
  bucket: 'DenyArchiveBucketTamper',
  legalHold: 'DenyArchiveLegalHoldRemoval',
  key: 'DenyArchiveKeyTamper',
  leave: 'DenyLeaveOrganization',
} as const;

/**
 * The SCP: one statement per guarded part, each (but LeaveOrganization) exempting the break-glass
 * principals. In an SCP `aws:PrincipalArn` is always present (SCPs govern IAM principals of
 * member accounts), and for a role session it carries the role's ARN.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function serviceControlPolicyDocument(guarded: GuardedResources): PolicyDocumentJson {
  const statements: PolicyStatementJson[] = [];
  if (guarded.trailArn !== undefined) {
    statements.push(deny(STATEMENT_SIDS.trail, TRAIL_TAMPER_ACTIONS, guarded.trailArn, exemption(guarded)));
  }
  statements.push(...archiveStatements(guarded, false));
  if (guarded.denyLeaveOrganization) {
    // No exemption: leaving is never a break-glass task; the management account removes accounts.
    statements.push(deny(STATEMENT_SIDS.leave, [LEAVE_ORGANIZATION_ACTION], '*', undefined));
  }
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * The RCP: the archive statements with `"Principal":"*"`, for every principal that calls the
 * bucket or key in a member account: other organizations' too and, as RCPs are evaluated for the
 * resource's account, the management account's (UNVERIFIED: no page names them explicitly).
 * RCPs allow only Deny statements with `"Principal":"*"`, no `NotAction`.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
export function resourceControlPolicyDocument(guarded: GuardedResources): PolicyDocumentJson {
  return { Version: '2012-10-17', Statement: archiveStatements(guarded, true) };
}

function archiveStatements(guarded: GuardedResources, anyPrincipal: boolean): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [];
  const exempt = exemption(guarded);
  const principal = anyPrincipal ? { Principal: '*' } : {};
  if (guarded.bucketName !== undefined) {
    const bucketArn = `arn:${guarded.partition}:s3:::${guarded.bucketName}`;
    statements.push(deny(STATEMENT_SIDS.bucket, BUCKET_TAMPER_ACTIONS, [bucketArn, `${bucketArn}/*`], exempt, principal));
    // Placing a legal hold stays allowed; only lifting one is tampering.
    // @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
    statements.push(deny(STATEMENT_SIDS.legalHold, ['s3:PutObjectLegalHold'], `${bucketArn}/*`,
      { StringNotEquals: { 's3:object-lock-legal-hold': 'ON' }, ...exempt }, principal));
  }
  if (guarded.keyArn !== undefined) {
    statements.push(deny(STATEMENT_SIDS.key, KEY_TAMPER_ACTIONS, guarded.keyArn, exempt, principal));
  }
  return statements;
}

function exemption(guarded: GuardedResources): Record<string, unknown> | undefined {
  return guarded.breakGlassPrincipalArns.length === 0
    ? undefined
    : { ArnNotLike: { 'aws:PrincipalArn': [...guarded.breakGlassPrincipalArns] } };
}

function deny(sid: string, actions: readonly string[], resource: string | string[],
  condition: Record<string, unknown> | undefined, principal: Record<string, unknown> = {}): PolicyStatementJson {
  return {
    Sid: sid,
    Effect: 'Deny',
    ...principal,
    Action: actions.length === 1 ? actions[0] : [...actions],
    Resource: resource,
    ...(condition && Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}
