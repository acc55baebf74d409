import { validateResourceControlPolicy, validateServiceControlPolicy } from '@cloud-copilot/iam-policy';
import { App, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { OrganizationTamperGuard, OrganizationTamperGuardProps, OrganizationTrail } from '../../src';
import { CONTROL_POLICY_MAX_CHARACTERS } from '../../src/private/limits';
import {
  BUCKET_TAMPER_ACTIONS,
  KEY_TAMPER_ACTIONS,
  serviceControlPolicyDocument,
  TRAIL_TAMPER_ACTIONS,
} from '../../src/private/tamper-guard-policies';
import { LONGEST_PARTITION } from '../../src/private/token-lengths';

const MANAGEMENT = '111111111111';
const LOG_ARCHIVE = '222222222222';
const ENV = { account: MANAGEMENT, region: 'us-east-1' };
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/organization-trail`;
const BUCKET = 'org-trail-archive-222222222222';
const KEY_ARN = `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BREAK_GLASS = `arn:aws:iam::${LOG_ARCHIVE}:role/BreakGlass`;
const DEPLOY_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/cdk-hnb659fds-cfn-exec-role-${LOG_ARCHIVE}-us-east-1`;

const SPLIT: OrganizationTamperGuardProps = {
  targetIds: ['r-a1b2'],
  breakGlassPrincipalArns: [BREAK_GLASS, DEPLOY_ROLE],
  trailArn: TRAIL_ARN,
  archiveBucketName: BUCKET,
  archiveKeyArn: KEY_ARN,
};

/** A stack in the management account; `null` for an environment-agnostic one. */
function newStack(env: object | null = ENV): Stack {
  return new Stack(new App(), 'Management', { env: (env ?? undefined) as never });
}

function guard(props: Partial<OrganizationTamperGuardProps> = {}, stack: Stack = newStack()): { stack: Stack; template: Template } {
  new OrganizationTamperGuard(stack, 'Guard', { ...SPLIT, ...props });
  return { stack, template: Template.fromStack(stack) };
}

/** The policies of a template by type, resolved. */
function policies(template: Template, type: string): Array<{ [key: string]: any }> {
  return Object.values(template.findResources('AWS::Organizations::Policy', { Properties: { Type: type } }))
    .map((resource) => resource.Properties);
}

function scpContent(template: Template): { Version: string; Statement: Array<{ [key: string]: any }> } {
  const [scp] = policies(template, 'SERVICE_CONTROL_POLICY');
  return scp.Content;
}

const EXEMPT = { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, DEPLOY_ROLE] } };
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;

describe('OrganizationTamperGuard: the service control policy', () => {
  test('pins the full default shape for the log-archive split', () => {
    const { template } = guard();
    template.resourceCountIs('AWS::Organizations::Policy', 1);
    template.hasResource('AWS::Organizations::Policy', Match.objectEquals({
      Type: 'AWS::Organizations::Policy',
      Properties: {
        Name: Match.stringLikeRegexp('^ManagementGuard[A-F0-9]{8}-scp$'),
        Type: 'SERVICE_CONTROL_POLICY',
        Description: Match.stringLikeRegexp('^cdk-org-trail tamper guard'),
        TargetIds: ['r-a1b2'],
        Content: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'DenyOrgTrailTamper', Effect: 'Deny', Action: [...TRAIL_TAMPER_ACTIONS], Resource: TRAIL_ARN, Condition: EXEMPT },
            { Sid: 'DenyArchiveBucketTamper', Effect: 'Deny', Action: [...BUCKET_TAMPER_ACTIONS], Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: EXEMPT },
            {
              Sid: 'DenyArchiveLegalHoldRemoval',
              Effect: 'Deny',
              Action: 's3:PutObjectLegalHold',
              Resource: `${BUCKET_ARN}/*`,
              Condition: { StringNotEquals: { 's3:object-lock-legal-hold': 'ON' }, ...EXEMPT },
            },
            { Sid: 'DenyArchiveKeyTamper', Effect: 'Deny', Action: [...KEY_TAMPER_ACTIONS], Resource: KEY_ARN, Condition: EXEMPT },
            { Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
          ],
        },
      },
    }));
  });

  test('the actions cover what the brief of each part names', () => {
    expect(TRAIL_TAMPER_ACTIONS).toEqual(expect.arrayContaining(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors']));
    expect(BUCKET_TAMPER_ACTIONS).toEqual(expect.arrayContaining(['s3:DeleteBucket', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration',
      's3:PutBucketVersioning', 's3:PutBucketObjectLockConfiguration', 's3:PutEncryptionConfiguration', 's3:DeleteObject', 's3:DeleteObjectVersion']));
    expect(KEY_TAMPER_ACTIONS).toEqual(expect.arrayContaining(['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:CreateGrant']));
  });

  test('is a valid SCP (no Principal, Deny only) by the IAM policy grammar', () => {
    const { template } = guard();
    expect(validateServiceControlPolicy(scpContent(template))).toEqual([]);
  });

  test('is attached to every target: root, OU and account', () => {
    const { template } = guard({ targetIds: ['r-a1b2', 'ou-a1b2-c3d4e5f6', LOG_ARCHIVE] });
    expect(policies(template, 'SERVICE_CONTROL_POLICY')[0].TargetIds).toEqual(['r-a1b2', 'ou-a1b2-c3d4e5f6', LOG_ARCHIVE]);
  });

  test('policyName names the policies, with -scp and -rcp', () => {
    const { template } = guard({ policyName: 'org-trail-guard', resourceControlPolicy: true });
    expect(policies(template, 'SERVICE_CONTROL_POLICY')[0].Name).toBe('org-trail-guard-scp');
    expect(policies(template, 'RESOURCE_CONTROL_POLICY')[0].Name).toBe('org-trail-guard-rcp');
  });

  test('without break-glass principals, no statement has a condition (but the legal-hold one)', () => {
    const { template } = guard({ breakGlassPrincipalArns: [] });
    const conditions = scpContent(template).Statement.map((statement) => statement.Condition);
    expect(conditions).toEqual([undefined, undefined, { StringNotEquals: { 's3:object-lock-legal-hold': 'ON' } }, undefined, undefined]);
  });

  test('LeaveOrganization is denied to the break-glass principals too', () => {
    const { template } = guard();
    const leave = scpContent(template).Statement.find((statement) => statement.Sid === 'DenyLeaveOrganization');
    expect(leave).toEqual({ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' });
  });

  test('denyLeaveOrganization: false drops that statement', () => {
    const { template } = guard({ denyLeaveOrganization: false });
    expect(scpContent(template).Statement.map((statement) => statement.Sid)).not.toContain('DenyLeaveOrganization');
  });

  test.each([
    ['trailArn only', { archiveBucketName: undefined, archiveKeyArn: undefined }, ['DenyOrgTrailTamper', 'DenyLeaveOrganization']],
    ['bucket only', { trailArn: undefined, archiveKeyArn: undefined }, ['DenyArchiveBucketTamper', 'DenyArchiveLegalHoldRemoval', 'DenyLeaveOrganization']],
    ['key only', { trailArn: undefined, archiveBucketName: undefined }, ['DenyArchiveKeyTamper', 'DenyLeaveOrganization']],
    ['LeaveOrganization only', { trailArn: undefined, archiveBucketName: undefined, archiveKeyArn: undefined }, ['DenyLeaveOrganization']],
  ])('guards only what is given: %s', (_name, props, sids) => {
    const { template } = guard(props);
    expect(scpContent(template).Statement.map((statement) => statement.Sid)).toEqual(sids);
  });

  test('the bucket ARN takes the partition of the stack\'s Region', () => {
    const govCloud = (arn: string) => arn.replace('arn:aws:', 'arn:aws-us-gov:').replace('us-east-1', 'us-gov-west-1');
    const { template } = guard({
      trailArn: govCloud(TRAIL_ARN),
      archiveKeyArn: govCloud(KEY_ARN),
      breakGlassPrincipalArns: SPLIT.breakGlassPrincipalArns.map(govCloud),
    }, newStack({ account: MANAGEMENT, region: 'us-gov-west-1' }));
    const bucket = scpContent(template).Statement.find((statement) => statement.Sid === 'DenyArchiveBucketTamper');
    expect(bucket?.Resource).toEqual([`arn:aws-us-gov:s3:::${BUCKET}`, `arn:aws-us-gov:s3:::${BUCKET}/*`]);
  });

  test('an environment-agnostic stack names the partition by AWS::Partition', () => {
    const { template } = guard({}, newStack(null));
    const bucket = scpContent(template).Statement.find((statement) => statement.Sid === 'DenyArchiveBucketTamper');
    expect(bucket?.Resource[0]).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${BUCKET}`]] });
  });

  test('synth stays silent', () => {
    const { stack } = guard({ resourceControlPolicy: true });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    Annotations.fromStack(stack).hasNoInfo('*', Match.anyValue());
  });
});

describe('OrganizationTamperGuard: the resource control policy', () => {
  test('is not created by default', () => {
    guard().template.resourceCountIs('AWS::Organizations::Policy', 1);
  });

  test('resourceControlPolicy: true adds the archive statements for every principal, on the same targets', () => {
    const { template } = guard({ resourceControlPolicy: true });
    const [rcp] = policies(template, 'RESOURCE_CONTROL_POLICY');
    expect(rcp.TargetIds).toEqual(['r-a1b2']);
    expect(rcp.Name).toMatch(/-rcp$/);
    expect(rcp.Content).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyArchiveBucketTamper', Effect: 'Deny', Principal: '*', Action: [...BUCKET_TAMPER_ACTIONS], Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: EXEMPT },
        {
          Sid: 'DenyArchiveLegalHoldRemoval',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObjectLegalHold',
          Resource: `${BUCKET_ARN}/*`,
          Condition: { StringNotEquals: { 's3:object-lock-legal-hold': 'ON' }, ...EXEMPT },
        },
        { Sid: 'DenyArchiveKeyTamper', Effect: 'Deny', Principal: '*', Action: [...KEY_TAMPER_ACTIONS], Resource: KEY_ARN, Condition: EXEMPT },
      ],
    });
    expect(validateResourceControlPolicy(rcp.Content)).toEqual([]);
  });

  test('guards only the archive parts that are given', () => {
    const { template } = guard({ resourceControlPolicy: true, archiveBucketName: undefined });
    expect(policies(template, 'RESOURCE_CONTROL_POLICY')[0].Content.Statement.map((statement: any) => statement.Sid)).toEqual(['DenyArchiveKeyTamper']);
  });
});

describe('OrganizationTamperGuard.forOrganizationTrail', () => {
  function trailStack(env: object | null = ENV): { stack: Stack; trail: OrganizationTrail } {
    const stack = newStack(env);
    const trail = new OrganizationTrail(stack, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', archiveQuery: false, cloudWatchLogs: false });
    return { stack, trail };
  }

  test('takes the trail ARN, the archive bucket and the key from the trail', () => {
    const { stack, trail } = trailStack();
    OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard', trail, { targetIds: ['r-a1b2'], breakGlassPrincipalArns: [BREAK_GLASS] });
    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(trail.archiveBucket.node.defaultChild as s3.CfnBucket);
    const keyId = stack.getLogicalId(trail.encryptionKey.node.defaultChild as kms.CfnKey);
    const statements = scpContent(template).Statement;
    expect(statements.map((statement) => statement.Sid)).toEqual(
      ['DenyOrgTrailTamper', 'DenyArchiveBucketTamper', 'DenyArchiveLegalHoldRemoval', 'DenyArchiveKeyTamper', 'DenyLeaveOrganization']);
    expect(statements[0].Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:us-east-1:${MANAGEMENT}:trail/organization-trail`]] });
    expect(statements[1].Resource).toEqual([
      { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: bucketId }]] },
      { 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: bucketId }, '/*']] },
    ]);
    expect(statements[3].Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    template.resourceCountIs('AWS::Organizations::Policy', 1);
  });

  test('works in an environment-agnostic stack (tokens are counted at their longest)', () => {
    const { stack, trail } = trailStack(null);
    expect(() => OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard', trail, { targetIds: ['r-a1b2'], breakGlassPrincipalArns: [BREAK_GLASS] })).not.toThrow();
  });

  test('refuses resourceControlPolicy: the archive the trail created is in the management account', () => {
    const { stack, trail } = trailStack();
    expect(() => OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard', trail, { targetIds: ['r-a1b2'], breakGlassPrincipalArns: [], resourceControlPolicy: true }))
      .toThrow(/'resourceControlPolicy' is true, but the archive key of 'trail' \(Management\/OrgTrail\) is in the management account, and RCPs do not affect resources there/);
  });

  test('refuses the management account as a target: SCPs have no effect there', () => {
    const { stack, trail } = trailStack();
    expect(() => OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard', trail, { targetIds: ['r-a1b2', MANAGEMENT], breakGlassPrincipalArns: [] }))
      .toThrow(/'targetIds' lists 111111111111, the management account of 'trail' \(Management\/OrgTrail\), where SCPs and RCPs have no effect/);
  });

  test('accepts resourceControlPolicy with an imported archive of a log-archive account', () => {
    const stack = newStack();
    const trail = new OrganizationTrail(stack, 'OrgTrail', {
      organizationId: 'o-a1b2c3d4e5',
      archiveQuery: false,
      cloudWatchLogs: false,
      archiveBucket: s3.Bucket.fromBucketName(stack, 'Archive', BUCKET),
      encryptionKey: kms.Key.fromKeyArn(stack, 'ArchiveKey', KEY_ARN),
    });
    OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard', trail, { targetIds: [LOG_ARCHIVE], breakGlassPrincipalArns: [BREAK_GLASS], resourceControlPolicy: true });
    const [rcp] = policies(Template.fromStack(stack), 'RESOURCE_CONTROL_POLICY');
    expect(rcp.Content.Statement.map((statement: any) => statement.Resource)).toEqual([[BUCKET_ARN, `${BUCKET_ARN}/*`], `${BUCKET_ARN}/*`, KEY_ARN]);
  });

  test('messages name the trail\'s parts and the method', () => {
    const { stack, trail } = trailStack(null);
    const many = Array.from({ length: 40 }, (_, index) => `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass-role-number-${index}`);
    expect(() => OrganizationTamperGuard.forOrganizationTrail(stack, 'Guard', trail, { targetIds: ['r-a1b2'], breakGlassPrincipalArns: many }))
      .toThrow(/'trail\.archiveBucket\.bucketName' \d+, 'trail\.encryptionKey\.keyArn' \d+\..*Tokens count at their longest possible text \(the stack's partition, 'trail\.trailArn', 'trail\.archiveBucket\.bucketName', 'trail\.encryptionKey\.keyArn'\)/s);
  });
});

describe('OrganizationTamperGuard: the 5,120-character limit', () => {
  /** Break-glass ARNs and a trail name that make the SCP exactly `target` characters long. */
  function propsOfLength(target: number): OrganizationTamperGuardProps {
    const lengthOf = (trailName: string, arns: string[]) => JSON.stringify(serviceControlPolicyDocument({
      partition: 'aws',
      trailArn: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/${trailName}`,
      bucketName: BUCKET,
      keyArn: KEY_ARN,
      denyLeaveOrganization: true,
      breakGlassPrincipalArns: arns,
    })).length;
    // Each break-glass ARN is repeated in four statements, so one role-name character adds four;
    // one more trail-name character (3-128) adds one.
    const breakGlass: string[] = [];
    while (lengthOf('abc', breakGlass) < target - 400) {
      breakGlass.push(`arn:aws:iam::${LOG_ARCHIVE}:role/r${breakGlass.length}`);
    }
    for (const extra of ['', ...Array.from({ length: 64 }, (_, n) => 'x'.repeat(n + 1))]) {
      const arns = extra === '' ? breakGlass : [...breakGlass, `arn:aws:iam::${LOG_ARCHIVE}:role/${extra}`];
      const rest = target - lengthOf('abc', arns);
      if (rest >= 0 && rest <= 125) {
        const trailName = `a${'b'.repeat(rest + 1)}c`;
        expect(lengthOf(trailName, arns)).toBe(target);
        return { ...SPLIT, breakGlassPrincipalArns: arns, trailArn: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/${trailName}` };
      }
    }
    throw new Error(`no inputs of ${target} characters`);
  }

  test('a policy of exactly 5,120 characters is accepted, and that is its minified length in the template', () => {
    const { template } = guard(propsOfLength(CONTROL_POLICY_MAX_CHARACTERS));
    expect(JSON.stringify(scpContent(template)).length).toBe(CONTROL_POLICY_MAX_CHARACTERS);
  });

  test('one character more fails at synth, naming the props and the ways out', () => {
    expect(() => guard(propsOfLength(CONTROL_POLICY_MAX_CHARACTERS + 1))).toThrow(new RegExp(
      '^The service control policy would be 5121 characters of minified JSON, over Organizations\' limit of 5120 \\(every character counts\\)\\. '
      + 'Of these, \'breakGlassPrincipalArns\' \\d+ \\(each ARN is repeated in every guarded statement\\), \'trailArn\' \\d+, \'archiveBucketName\' \\d+, \'archiveKeyArn\' \\d+\\. '
      + 'Shorten \'breakGlassPrincipalArns\' .*or split the guard in two OrganizationTamperGuards'));
  });

  test('the RCP is measured too', () => {
    const many = Array.from({ length: 30 }, (_, index) => `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass-role-number-${index}`);
    expect(() => guard({ trailArn: undefined, breakGlassPrincipalArns: many, resourceControlPolicy: true }))
      .toThrow(/The service control policy would be \d+ characters.*\n- The resource control policy would be \d+ characters/s);
  });

  test('a token of unknown length is refused', () => {
    expect(() => guard({ archiveKeyArn: Fn.importValue('LogArchiveKeyArn') }))
      .toThrow(/'archiveKeyArn' holds a token whose length cannot be known at synth \(\{"Fn::ImportValue":"LogArchiveKeyArn"\}\).*Pass a literal value/);
  });

  test('the stack\'s partition token counts as the longest partition', () => {
    expect(LONGEST_PARTITION).toBe('aws-us-gov'.length);
  });
});

describe('OrganizationTamperGuard: input errors', () => {
  test.each([
    ['an empty list', [], /'targetIds' is empty: the policies would be created but attached nowhere/],
    ['an organization ID', ['o-a1b2c3d4e5'], /'targetIds' must hold the root ID .* got 'o-a1b2c3d4e5'/],
    ['an uppercase root', ['r-A1B2'], /got 'r-A1B2'/],
    ['a short root', ['r-a1b'], /got 'r-a1b'/],
    ['an OU without its own part', ['ou-a1b2'], /got 'ou-a1b2'/],
    ['an OU with a short own part', ['ou-a1b2-c3d4e5f'], /got 'ou-a1b2-c3d4e5f'/],
    ['an 11-digit account', ['11111111111'], /got '11111111111'/],
    ['a duplicate', ['r-a1b2', 'r-a1b2'], /'targetIds' lists 'r-a1b2' twice/],
  ])('targetIds: %s', (_name, targetIds, message) => {
    expect(() => guard({ targetIds })).toThrow(message);
  });

  test.each([
    ['a role session', [`arn:aws:sts::${LOG_ARCHIVE}:assumed-role/BreakGlass/alice`], /'breakGlassPrincipalArns' must name IAM roles, not role sessions.*Use 'arn:aws:iam::222222222222:role\/BreakGlass'/],
    ['the root user', [`arn:aws:iam::${LOG_ARCHIVE}:root`], /'breakGlassPrincipalArns' must name IAM roles or users, got the root user/],
    ['every role', [`arn:aws:iam::${LOG_ARCHIVE}:role/*`], /does not name a role: it would exempt every role of account 222222222222/],
    ['an account wildcard', ['arn:aws:iam::*:role/BreakGlass'], /partition and 12-digit account must be literal/],
    ['a token', [Fn.importValue('BreakGlassArn')], /'breakGlassPrincipalArns' must hold literal ARNs/],
    ['a duplicate', [BREAK_GLASS, BREAK_GLASS], /lists 'arn:aws:iam::222222222222:role\/BreakGlass' twice/],
  ])('breakGlassPrincipalArns: %s', (_name, breakGlassPrincipalArns, message) => {
    expect(() => guard({ breakGlassPrincipalArns })).toThrow(message);
  });

  test.each([
    ['trailArn', { trailArn: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:eventdatastore/abc` }, /'trailArn' must be the organization trail's ARN/],
    ['trailArn', { trailArn: 'organization-trail' }, /'trailArn' must be the organization trail's ARN.*got 'organization-trail'/],
    ['archiveKeyArn', { archiveKeyArn: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:alias/org-trail` }, /'archiveKeyArn' must be a key ARN, not an alias ARN/],
    ['archiveKeyArn', { archiveKeyArn: '1234abcd-12ab-34cd-56ef-1234567890ab' }, /'archiveKeyArn' must be a KMS key ARN/],
    ['archiveKeyArn', { archiveKeyArn: `arn:aws:s3:us-east-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }, /'archiveKeyArn' must be a KMS key ARN/],
    ['archiveBucketName', { archiveBucketName: 'Org_Trail' }, /'archiveBucketName' must name an S3 bucket.*got 'Org_Trail'/],
    ['archiveBucketName', { archiveBucketName: `arn:aws:s3:::${BUCKET}` }, /'archiveBucketName' must name an S3 bucket/],
    ['policyName', { policyName: 'p'.repeat(125) }, /'policyName' must be 1-124 printable ASCII characters/],
    ['policyName', { policyName: 'garde-été' }, /'policyName' must be 1-124 printable ASCII characters/],
  ])('%s: %j', (_prop, props, message) => {
    expect(() => guard(props)).toThrow(message);
  });

  test('a multi-Region key ARN is accepted', () => {
    expect(() => guard({ archiveKeyArn: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/mrk-1234abcd12ab34cd56ef1234567890ab` })).not.toThrow();
  });

  test('nothing to guard', () => {
    expect(() => guard({ trailArn: undefined, archiveBucketName: undefined, archiveKeyArn: undefined, denyLeaveOrganization: false }))
      .toThrow(/Nothing to guard: 'trailArn', 'archiveBucketName' and 'archiveKeyArn' are unset and 'denyLeaveOrganization' is false/);
  });

  test('an RCP without the archive', () => {
    expect(() => guard({ archiveBucketName: undefined, archiveKeyArn: undefined, resourceControlPolicy: true }))
      .toThrow(/'resourceControlPolicy' is true, but the RCP guards only the archive/);
  });

  test('several problems at once are listed together', () => {
    expect(() => guard({ targetIds: ['x'], archiveKeyArn: 'y' }))
      .toThrow(/^Invalid OrganizationTamperGuard configuration:\n- 'targetIds' .*\n- 'archiveKeyArn' /);
  });
});
