import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DOCS } from './docs';
import { testFlowCases } from './flow-cases';
import { ADMINISTRATOR_POLICY, ContextKey, FlowRequest, MANAGEMENT_ACCOUNT, MEMBER_ACCOUNT, toSimulation } from './service-flows';
import { simulate } from './simulator';
import { ResolvedTemplate } from './template-resolver';
import { ControlTowerLandingZone, TrailQuery } from '../../src';

/**
 * The Athena layer over Control Tower's archive, as README's "Beside Control Tower" deploys it in
 * the log-archive account: analysts granted by `grantQuery` read the organization's CloudTrail log
 * files of Control Tower's bucket through Athena, with IAM alone (the bucket policy is Control
 * Tower's, and allows the bucket's own account's principals what their IAM policies allow). The
 * archive is SSE-S3 (Control Tower's default), so no key is involved.
 *
 * Not modelled: Control Tower's own bucket policy, which this library neither writes nor sees.
 */

const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const LOG_ARCHIVE = MEMBER_ACCOUNT;
const REGION = 'us-east-1';
const BUCKET = ControlTowerLandingZone.archiveBucketName(LOG_ARCHIVE, REGION);
const ROOT = `${ControlTowerLandingZone.archiveKeyPrefix(ORGANIZATION_ID)}/AWSLogs`;
const CLOUDTRAIL_LOG = `arn:aws:s3:::${BUCKET}/${ROOT}/${ORGANIZATION_ID}/${MANAGEMENT_ACCOUNT}/CloudTrail/${REGION}/2026/11/30/`
  + `${MANAGEMENT_ACCOUNT}_CloudTrail_${REGION}_20261130T1205Z_a1b2c3d4e5f6g7h8.json.gz`;
/** Control Tower's bucket holds AWS Config's files too, outside the organization's CloudTrail root (layout UNVERIFIED). */
const CONFIG_FILE = `arn:aws:s3:::${BUCKET}/${ROOT}/${MANAGEMENT_ACCOUNT}/Config/${REGION}/2026/11/30/ConfigSnapshot/snapshot.json.gz`;

function analystPolicies() {
  const stack = new Stack(new App(), 'ControlTowerLogArchive', { env: { account: LOG_ARCHIVE, region: REGION } });
  const query = new TrailQuery(stack, 'ControlTowerQuery', {
    archiveBucket: s3.Bucket.fromBucketName(stack, 'ControlTowerArchive', BUCKET),
    organizationId: ORGANIZATION_ID,
    s3KeyPrefix: ControlTowerLandingZone.archiveKeyPrefix(ORGANIZATION_ID),
  });
  const analysts = new iam.Role(stack, 'Analysts', { roleName: 'Analysts', assumedBy: new iam.AccountRootPrincipal() });
  query.grantQuery(analysts);
  const template = new ResolvedTemplate(Template.fromStack(stack).toJSON() as any, { account: LOG_ARCHIVE, region: REGION, partition: 'aws' });
  return template.logicalIdsOfType('AWS::IAM::Policy').map((id) => ({ name: id, policy: template.resolve(template.properties(id).PolicyDocument) }));
}

const ANALYST = `arn:aws:iam::${LOG_ARCHIVE}:role/Analysts`;
const POLICIES = analystPolicies();

/** An IAM principal of the organization reading through Athena over TLS. */
function viaAthena(principal: string): ContextKey[] {
  return [
    { key: 'aws:PrincipalArn', value: principal, source: DOCS.globalKeys },
    { key: 'aws:PrincipalAccount', value: principal.split(':')[4], source: DOCS.globalKeys },
    { key: 'aws:PrincipalOrgID', value: ORGANIZATION_ID, source: DOCS.globalKeys },
    { key: 'aws:SecureTransport', value: 'true', source: DOCS.globalKeys },
    { key: 'aws:CalledVia', value: ['athena.amazonaws.com'], source: DOCS.forwardAccessSessions },
    { key: 's3:TlsVersion', value: '1.3', source: DOCS.s3TlsVersion },
  ];
}

function analyst(label: string, action: string, resource: string): FlowRequest {
  return { label, principal: ANALYST, action, resource, resourceAccount: LOG_ARCHIVE, context: viaAthena(ANALYST), identityPolicies: POLICIES };
}

describe('the query layer over Control Tower\'s archive', () => {
  testFlowCases([
    ...[analyst('read a CloudTrail log file', 's3:GetObject', CLOUDTRAIL_LOG), analyst('list the bucket', 's3:ListBucket', `arn:aws:s3:::${BUCKET}`)]
      .map((request) => ({ flow: { id: 'analyst-queries-control-tower-archive', kind: 'required' as const }, request })),
    ...[
      analyst('read AWS Config files beside the CloudTrail root', 's3:GetObject', CONFIG_FILE),
      analyst('delete a log file', 's3:DeleteObject', CLOUDTRAIL_LOG),
      analyst('overwrite a log file', 's3:PutObject', CLOUDTRAIL_LOG),
      analyst('read another bucket', 's3:GetObject', `arn:aws:s3:::another-bucket-${LOG_ARCHIVE}/${ROOT}/${ORGANIZATION_ID}/x.json.gz`),
      analyst('decrypt with a key of the management account', 'kms:Decrypt', `arn:aws:kms:${REGION}:${MANAGEMENT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
    ].map((request) => ({ flow: { id: 'analyst-beyond-control-tower-logs', kind: 'attack' as const }, request })),
  ]);

  test('the attacks are denied by the grant\'s scope: an administrator of the account reads the same Config file', async () => {
    const outcome = await simulate(toSimulation({ ...analyst('administrator', 's3:GetObject', CONFIG_FILE), identityPolicies: [ADMINISTRATOR_POLICY] }));
    expect(outcome.decision).toBe('Allowed');
  });
});
