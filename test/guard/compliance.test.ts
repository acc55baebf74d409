import { App, Stack } from 'aws-cdk-lib';
import { OrganizationTamperGuard, OrganizationTrail } from '../../src';
import { cfnValidateFindings, cfnValidateRaw, controlTowerFindings, Finding, nagFindings } from '../util/compliance-checkers';

/**
 * The tamper guard passes the compliance packs (cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA
 * Security, PCI DSS 3.2.1, the Control Tower proactive controls and CloudFormation Validate)
 * with zero findings and no acknowledgement, alone and beside the trail it guards.
 */

const ENV = { account: '111111111111', region: 'us-east-1' };
const LOG_ARCHIVE = '222222222222';

function describeFindings(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.checker} ${finding.ruleId} at ${finding.resource}`);
}

function synthesized(configure: (stack: Stack) => void): Stack {
  const app = new App();
  const stack = new Stack(app, 'Guard', { env: ENV });
  configure(stack);
  app.synth();
  return stack;
}

describe('compliance of OrganizationTamperGuard', () => {
  const split = synthesized((stack) => new OrganizationTamperGuard(stack, 'TamperGuard', {
    targetIds: ['r-a1b2'],
    breakGlassPrincipalArns: [`arn:aws:iam::${LOG_ARCHIVE}:role/BreakGlass`],
    trailArn: `arn:aws:cloudtrail:us-east-1:${ENV.account}:trail/organization-trail`,
    archiveBucketName: `org-trail-archive-${LOG_ARCHIVE}`,
    archiveKeyArn: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    resourceControlPolicy: true,
  }));

  test('the log-archive split (SCP and RCP): zero findings', () => {
    expect(describeFindings([...nagFindings(split), ...controlTowerFindings(split), ...cfnValidateFindings(split)])).toEqual([]);
  });

  test('the template validator reports nothing, even without CDK\'s ignore list', () => {
    expect(cfnValidateRaw(split, 'WARN')).toEqual([]);
  });

  test('beside the trail it guards: zero unacknowledged findings', () => {
    const stack = synthesized((scope) => {
      const trail = new OrganizationTrail(scope, 'OrgTrail', { organizationId: 'o-a1b2c3d4e5', archiveQuery: false });
      OrganizationTamperGuard.forOrganizationTrail(scope, 'TamperGuard', trail, { targetIds: ['r-a1b2'], breakGlassPrincipalArns: [] });
    });
    expect(describeFindings([...nagFindings(stack), ...controlTowerFindings(stack), ...cfnValidateFindings(stack)])).toEqual([]);
  });
});
