import { Token } from 'aws-cdk-lib';

const RESOURCE_TYPE_PATTERN = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

/**
 * A data event resource type (`resources.type`). The common types are constants; the list grows
 * constantly, so `DataResourceType.of()` accepts any type of the documented `AWS::Service::Type` form.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export class DataResourceType {
  /** S3 object-level API calls (GetObject, PutObject, DeleteObject...). */
  public static readonly S3_OBJECT = new DataResourceType('AWS::S3::Object');
  /** S3 access points. */
  public static readonly S3_ACCESS_POINT = new DataResourceType('AWS::S3::AccessPoint');
  /** S3 Express One Zone objects. */
  public static readonly S3_EXPRESS_OBJECT = new DataResourceType('AWS::S3Express::Object');
  /** S3 on Outposts objects. */
  public static readonly S3_OUTPOSTS_OBJECT = new DataResourceType('AWS::S3Outposts::Object');
  /** Lambda function invocations. */
  public static readonly LAMBDA_FUNCTION = new DataResourceType('AWS::Lambda::Function');
  /** DynamoDB item-level calls (also DynamoDB Streams calls, unless filtered by eventName). */
  public static readonly DYNAMODB_TABLE = new DataResourceType('AWS::DynamoDB::Table');
  /** DynamoDB Streams. */
  public static readonly DYNAMODB_STREAM = new DataResourceType('AWS::DynamoDB::Stream');
  /** SNS Publish calls on topics. */
  public static readonly SNS_TOPIC = new DataResourceType('AWS::SNS::Topic');
  /** SQS message calls. */
  public static readonly SQS_QUEUE = new DataResourceType('AWS::SQS::Queue');
  /** Kinesis Data Streams record calls. */
  public static readonly KINESIS_STREAM = new DataResourceType('AWS::Kinesis::Stream');
  /** Step Functions state machines. */
  public static readonly STEP_FUNCTIONS_STATE_MACHINE = new DataResourceType('AWS::StepFunctions::StateMachine');
  /** EBS direct APIs on snapshots. */
  public static readonly EC2_SNAPSHOT = new DataResourceType('AWS::EC2::Snapshot');
  /** Glue tables (Lake Formation). */
  public static readonly GLUE_TABLE = new DataResourceType('AWS::Glue::Table');
  /** Systems Manager managed node calls. */
  public static readonly SSM_MANAGED_NODE = new DataResourceType('AWS::SSM::ManagedNode');
  /** RDS Data API calls on clusters. */
  public static readonly RDS_DB_CLUSTER = new DataResourceType('AWS::RDS::DBCluster');
  /** Bedrock model invocations. */
  public static readonly BEDROCK_MODEL = new DataResourceType('AWS::Bedrock::Model');

  /**
   * Any documented resource type, for types AWS adds after this library.
   * @param type e.g. 'AWS::S3Tables::Table'
   */
  public static of(type: string): DataResourceType {
    if (!Token.isUnresolved(type) && !RESOURCE_TYPE_PATTERN.test(type)) {
      throw new Error(`'DataResourceType.of(type)' must look like 'AWS::Service::Type' (letters and digits), got '${type}'. Copy it from the CloudTrail data events table, e.g. 'AWS::S3Tables::Table'.`);
    }
    return new DataResourceType(type);
  }

  private constructor(
    /** The type as CloudTrail spells it. */
    public readonly value: string,
  ) {}
}
