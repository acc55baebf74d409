import { ComponentAcknowledgement } from '../private/acknowledgements';

const VPC_REASON = 'The custom resource provider only calls the CloudTrail, Organizations and IAM APIs during deployments and accepts no connection; a VPC would add a NAT gateway or interface endpoints without closing any path. Its role, not its network, bounds what it can do.';

/**
 * On the stack's `AwsCustomResource` provider function (aws-cdk-lib's singleton), which runs the
 * delegated administrator registration and the delegated administrator's trail calls.
 */
const CONCURRENCY_REASON = 'The provider runs only while CloudFormation deploys this stack, a few invocations per deployment; reserving concurrency would take capacity from the account for nothing.';
const DLQ_REASON = 'CloudFormation invokes the provider for each custom resource event and the handler reports every failure back to CloudFormation, which fails and rolls back the deployment; a dead-letter queue would only hold events CloudFormation has already given up on.';

export const SDK_PROVIDER_FUNCTION_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'NIST.800.53.R5-LambdaConcurrency', reason: CONCURRENCY_REASON },
  { id: 'HIPAA.Security-LambdaConcurrency', reason: CONCURRENCY_REASON },
  { id: 'NIST.800.53.R5-LambdaDLQ', reason: DLQ_REASON },
  { id: 'HIPAA.Security-LambdaDLQ', reason: DLQ_REASON },
  { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'HIPAA.Security-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'PCI.DSS.321-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: `CT.LAMBDA.PR.3: ${VPC_REASON}` },
];
