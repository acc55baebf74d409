import { Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeSdkProviderFunction, SdkProvider, sdkProvider } from './sdk-provider';
import { acknowledge, wildcardResourceAcknowledgements } from '../private/acknowledgements';

/**
 * The organization trail as a delegated administrator creates it: `AWS::CloudTrail::Trail` cannot
 * (CloudFormation calls StartLogging by name after CreateTrail, TrailNotFoundException, rollback:
 * cloudformation-coverage-roadmap #1932, aws-cdk #26840), so four `AwsCustomResource`s make the
 * calls CloudFormation would, each addressing the trail by its ARN in the management account:
 *
 * 1. the trail: CreateTrail (by name, `IsOrganizationTrail`), UpdateTrail and DeleteTrail by ARN;
 * 2. its advanced event selectors: PutEventSelectors by ARN;
 * 3. its Insights selectors: PutInsightSelectors by ARN (an empty list turns Insights off);
 * 4. logging: StartLogging by ARN ("the name or the CloudTrail ARN of the trail").
 *
 * @see https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1932
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
 */

/** The trail's settings, as `CfnTrail` takes them. */
export interface DelegatedAdministratorTrailProps {
  readonly trailName: string;
  /** The trail's ARN in the management account, which owns it. */
  readonly trailArn: string;
  readonly s3BucketName: string;
  readonly s3KeyPrefix?: string;
  readonly kmsKeyId: string;
  readonly cloudWatchLogsLogGroupArn?: string;
  readonly cloudWatchLogsRoleArn?: string;
  /** The topic's ARN (an organization trail created from another account needs the ARN, not the name). */
  readonly snsTopicArn?: string;
  readonly advancedEventSelectors: () => cloudtrail.CfnTrail.AdvancedEventSelectorProperty[];
  readonly insightSelectors?: cloudtrail.CfnTrail.InsightSelectorProperty[];
  /** Encrypts the custom resource provider's log group. */
  readonly encryptionKey?: kms.IKey;
  readonly removalPolicy?: RemovalPolicy;
}

/** The actions on the trail itself. */
export const DELEGATED_TRAIL_ACTIONS: readonly string[] = [
  'cloudtrail:CreateTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:DeleteTrail',
  'cloudtrail:StartLogging',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
];

/**
 * The organization checks CloudTrail makes with the caller's permissions when it creates an
 * organization trail: the guide's minimum for the management or delegated administrator account,
 * without enabling and disabling trusted access, which only the management account may call. None
 * of these Organizations actions has a resource type.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
 */
export const ORGANIZATION_CHECK_ACTIONS: readonly string[] = [
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'organizations:ListAWSServiceAccessForOrganization',
];

/** The organization trail created, updated and deleted by a CloudTrail delegated administrator. */
export class DelegatedAdministratorTrail extends Construct {
  /** The custom resource that creates the trail (what must come after the bucket, key and role policies). */
  public readonly trail: cr.AwsCustomResource;
  /** The permissions of the calls. */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: DelegatedAdministratorTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const trailArn = props.trailArn;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Lets the custom resources create, update and delete the organization trail ${props.trailName} by its ARN`,
      statements: this.statements(stack, props),
    });
    acknowledge(this.policy, wildcardResourceAcknowledgements(stack, ['*'],
      'organizations:DescribeOrganization, ListAccounts and ListAWSServiceAccessForOrganization have no resource type, so only \'*\' can name them; CloudTrail makes these organization checks with the caller\'s permissions when it creates an organization trail.'));
    const provider = sdkProvider(this, this.policy, { encryptionKey: props.encryptionKey, removalPolicy: props.removalPolicy });

    const settings = {
      S3BucketName: props.s3BucketName,
      S3KeyPrefix: props.s3KeyPrefix,
      KmsKeyId: props.kmsKeyId,
      SnsTopicName: props.snsTopicArn,
      CloudWatchLogsLogGroupArn: props.cloudWatchLogsLogGroupArn,
      CloudWatchLogsRoleArn: props.cloudWatchLogsRoleArn,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IsOrganizationTrail: true,
    };
    const physicalResourceId = cr.PhysicalResourceId.of(trailArn);
    this.trail = this.call('Resource', provider, {
      // CreateTrail takes the name (the ARN does not exist yet); the trail is then created in the management account.
      onCreate: { service: 'CloudTrail', action: 'createTrail', parameters: { Name: props.trailName, ...settings }, physicalResourceId },
      onUpdate: { service: 'CloudTrail', action: 'updateTrail', parameters: { Name: trailArn, ...settings }, physicalResourceId },
      onDelete: { service: 'CloudTrail', action: 'deleteTrail', parameters: { Name: trailArn } },
    }, 'Custom::CloudTrailOrganizationTrail');

    const eventSelectors = this.call('EventSelectors', provider, {
      onUpdate: {
        service: 'CloudTrail',
        action: 'putEventSelectors',
        parameters: { TrailName: trailArn, AdvancedEventSelectors: Lazy.any({ produce: () => apiShape(props.advancedEventSelectors()) }) },
        physicalResourceId: cr.PhysicalResourceId.of(`${props.trailName}-event-selectors`),
      },
    }, 'Custom::CloudTrailEventSelectors');
    eventSelectors.node.addDependency(this.trail);

    const insightSelectors = this.call('InsightSelectors', provider, {
      onUpdate: {
        service: 'CloudTrail',
        action: 'putInsightSelectors',
        parameters: { TrailName: trailArn, InsightSelectors: apiShape(props.insightSelectors ?? []) },
        physicalResourceId: cr.PhysicalResourceId.of(`${props.trailName}-insight-selectors`),
      },
    }, 'Custom::CloudTrailInsightSelectors');
    insightSelectors.node.addDependency(eventSelectors);

    const logging = this.call('Logging', provider, {
      onUpdate: {
        service: 'CloudTrail',
        action: 'startLogging',
        parameters: { Name: trailArn },
        physicalResourceId: cr.PhysicalResourceId.of(`${props.trailName}-logging`),
      },
    }, 'Custom::CloudTrailLogging');
    logging.node.addDependency(insightSelectors);
    acknowledgeSdkProviderFunction(this);
  }

  private call(id: string, provider: SdkProvider,
    calls: Pick<cr.AwsCustomResourceProps, 'onCreate' | 'onUpdate' | 'onDelete'>, resourceType: string): cr.AwsCustomResource {
    const resource = new cr.AwsCustomResource(this, id, {
      ...calls,
      resourceType,
      role: provider.role,
      logGroup: provider.logGroup,
      // The Lambda runtime's SDK has every call used here; installing the latest at deploy time
      // would download from npm during the deployment.
      installLatestAwsSdk: false,
    });
    resource.node.addDependency(this.policy);
    return resource;
  }

  /**
   * The calls' permissions. Which account IAM evaluates in the trail's resource ARN when a
   * delegated administrator calls CreateTrail is UNVERIFIED (the trail is created in the management
   * account, the caller is in its own), so both ARNs of this one trail name are allowed.
   */
  private statements(stack: Stack, props: DelegatedAdministratorTrailProps): iam.PolicyStatement[] {
    const ownTrailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: props.trailName });
    const serviceLinkedRoleArn = stack.formatArn({
      service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail',
    });
    return [
      new iam.PolicyStatement({ sid: 'ManageTheOrganizationTrail', actions: [...DELEGATED_TRAIL_ACTIONS], resources: [props.trailArn, ownTrailArn] }),
      new iam.PolicyStatement({ sid: 'OrganizationChecks', actions: [...ORGANIZATION_CHECK_ACTIONS], resources: ['*'] }),
      // "You must also have sufficient permissions in IAM and Organizations to create the service-linked role."
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
      new iam.PolicyStatement({
        sid: 'CloudTrailServiceLinkedRole',
        actions: ['iam:GetRole', 'iam:CreateServiceLinkedRole'],
        resources: [serviceLinkedRoleArn],
      }),
      // Passing the delivery role to CloudTrail (CloudWatchLogsRoleArn) needs iam:PassRole on it.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
      ...(props.cloudWatchLogsRoleArn === undefined ? [] : [new iam.PolicyStatement({
        sid: 'PassDeliveryRoleToCloudTrail',
        actions: ['iam:PassRole'],
        resources: [props.cloudWatchLogsRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } },
      })]),
    ];
  }
}

/** The one `CfnTrail` member jsii renames: `Equals` is `equalTo` in the L1 (a reserved word in several languages). */
const RENAMED: { readonly [member: string]: string } = { equalTo: 'Equals' };

/**
 * `CfnTrail`'s camelCase property shapes as the CloudTrail API's PascalCase members (the same
 * names: `fieldSelectors` is `FieldSelectors`, `insightType` is `InsightType`, `equalTo` is `Equals`).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
export function apiShape(value: unknown): any {
  if (Array.isArray(value)) {
    return value.map(apiShape);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) => [RENAMED[key] ?? key.charAt(0).toUpperCase() + key.slice(1), apiShape(item)]));
}
