import { ComponentAcknowledgement } from '../private/acknowledgements';

const VPC_REASON = 'The custom resource provider only calls the CloudTrail, Organizations and IAM APIs during deployments and accepts no connection; a VPC would add a NAT gateway or interface endpoints without closing any path. Its role, not its network, bounds what it can do.';

/**
 * On the stack's `AwsCustomResource` provider function (aws-cdk-lib's singleton), which runs the
 * delegated administrator registration and the delegated administrator's trail calls.
 */
export const SDK_PROVIDER_FUNCTION_ACKNOWLEDGEMENTS: readonly ComponentAcknowledgement[] = [
  { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'HIPAA.Security-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'PCI.DSS.321-LambdaInsideVPC', reason: VPC_REASON },
  { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: `CT.LAMBDA.PR.3: ${VPC_REASON}` },
];
