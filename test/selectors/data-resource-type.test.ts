import { Lazy } from 'aws-cdk-lib';
import { DataResourceType } from '../../src/selectors/data-resource-type';

describe('DataResourceType', () => {
  test.each([
    [DataResourceType.S3_OBJECT, 'AWS::S3::Object'],
    [DataResourceType.S3_ACCESS_POINT, 'AWS::S3::AccessPoint'],
    [DataResourceType.S3_EXPRESS_OBJECT, 'AWS::S3Express::Object'],
    [DataResourceType.S3_OUTPOSTS_OBJECT, 'AWS::S3Outposts::Object'],
    [DataResourceType.LAMBDA_FUNCTION, 'AWS::Lambda::Function'],
    [DataResourceType.DYNAMODB_TABLE, 'AWS::DynamoDB::Table'],
    [DataResourceType.DYNAMODB_STREAM, 'AWS::DynamoDB::Stream'],
    [DataResourceType.SNS_TOPIC, 'AWS::SNS::Topic'],
    [DataResourceType.SQS_QUEUE, 'AWS::SQS::Queue'],
    [DataResourceType.KINESIS_STREAM, 'AWS::Kinesis::Stream'],
    [DataResourceType.STEP_FUNCTIONS_STATE_MACHINE, 'AWS::StepFunctions::StateMachine'],
    [DataResourceType.EC2_SNAPSHOT, 'AWS::EC2::Snapshot'],
    [DataResourceType.GLUE_TABLE, 'AWS::Glue::Table'],
    [DataResourceType.SSM_MANAGED_NODE, 'AWS::SSM::ManagedNode'],
    [DataResourceType.RDS_DB_CLUSTER, 'AWS::RDS::DBCluster'],
    [DataResourceType.BEDROCK_MODEL, 'AWS::Bedrock::Model'],
  ])('the constant spells %p as AWS does (%p)', (type, value) => {
    expect(type.value).toBe(value);
  });

  test.each([
    'AWS::S3Tables::Table',
    'AWS::QApps::QApp',
    'AWS::Quicksight::ActionConnector',
    'AWS::BedrockAgentCore::Runtime',
  ])('of() accepts the documented type %p', (type) => {
    expect(DataResourceType.of(type).value).toBe(type);
  });

  test('of() passes an unresolved token through', () => {
    const type = Lazy.string({ produce: () => 'AWS::S3::Object' });
    expect(DataResourceType.of(type).value).toBe(type);
  });

  test.each([
    ['the AWS:: prefix missing', 'S3::Object'],
    ['a single colon (the old botocore typo)', 'AWS::QApps:QApp'],
    ['lowercase aws', 'aws::S3::Object'],
    ['a third level', 'AWS::S3::Object::Version'],
    ['a hyphen', 'AWS::S3-Tables::Table'],
    ['an empty string', ''],
    ['a CloudFormation type with a wildcard', 'AWS::S3::*'],
  ])('of() rejects %s, naming the argument and the value', (_label, type) => {
    expect(() => DataResourceType.of(type)).toThrow(
      `'DataResourceType.of(type)' must look like 'AWS::Service::Type' (letters and digits), got '${type}'.`,
    );
  });
});
