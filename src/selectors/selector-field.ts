import { Token } from 'aws-cdk-lib';

/**
 * The operators of an advanced event selector's field condition, with CloudFormation's names.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
export enum ConditionOperator {
  /** The field equals one of the values. */
  EQUALS = 'Equals',
  /** The field starts with one of the values. */
  STARTS_WITH = 'StartsWith',
  /** The field ends with one of the values. */
  ENDS_WITH = 'EndsWith',
  /** The field equals none of the values. */
  NOT_EQUALS = 'NotEquals',
  /** The field starts with none of the values. */
  NOT_STARTS_WITH = 'NotStartsWith',
  /** The field ends with none of the values. */
  NOT_ENDS_WITH = 'NotEndsWith',
}

const FIELD_NAME_PATTERN = /^[\w.]{1,1000}$/;

/**
 * A field an advanced event selector can filter on. The documented fields are constants;
 * `SelectorField.of()` accepts a field AWS adds later.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
export class SelectorField {
  /** `eventCategory`: Management, Data or NetworkActivity (set by the selector itself). */
  public static readonly EVENT_CATEGORY = new SelectorField('eventCategory');
  /** `eventSource`, e.g. `s3.amazonaws.com`. */
  public static readonly EVENT_SOURCE = new SelectorField('eventSource');
  /** `eventName`, e.g. `PutObject`. */
  public static readonly EVENT_NAME = new SelectorField('eventName');
  /** `eventType`, e.g. `AwsApiCall`. Data events only. */
  public static readonly EVENT_TYPE = new SelectorField('eventType');
  /** `readOnly`: `true` for read calls, `false` for write calls. */
  public static readonly READ_ONLY = new SelectorField('readOnly');
  /** `resources.type`, e.g. `AWS::S3::Object`. Required, once, in every data event selector. */
  public static readonly RESOURCES_TYPE = new SelectorField('resources.type');
  /** `resources.ARN`: the resource's ARN. Data events only. */
  public static readonly RESOURCES_ARN = new SelectorField('resources.ARN');
  /** `userIdentity.arn`: the caller's ARN. Data events only (on trails). */
  public static readonly USER_IDENTITY_ARN = new SelectorField('userIdentity.arn');
  /** `sessionCredentialFromConsole`: whether the call came from a console session. Data events only. */
  public static readonly SESSION_CREDENTIAL_FROM_CONSOLE = new SelectorField('sessionCredentialFromConsole');
  /** `errorCode`: only `VpceAccessDenied`, network activity events only. */
  public static readonly ERROR_CODE = new SelectorField('errorCode');
  /** `vpcEndpointId`: network activity events only. */
  public static readonly VPC_ENDPOINT_ID = new SelectorField('vpcEndpointId');

  /**
   * A field this library does not know yet. It is passed through with only the generic checks.
   * @param name the field name as CloudTrail spells it
   */
  public static of(name: string): SelectorField {
    if (!Token.isUnresolved(name) && !FIELD_NAME_PATTERN.test(name)) {
      throw new Error(`'SelectorField.of(name)' must be 1-1000 letters, digits, '_' or '.', got '${name}'. Use a field from the CloudTrail API reference, e.g. 'eventName'.`);
    }
    return new SelectorField(name);
  }

  private constructor(
    /** The field name as CloudTrail spells it. */
    public readonly name: string,
  ) {}
}

/**
 * One condition of an advanced event selector: a field, an operator and the values.
 * Values inside one positive operator are ORed; negative operators are ANDed.
 */
export class FieldCondition {
  /** The field equals one of the values (`Equals`). */
  public static equalTo(field: SelectorField, values: string[]): FieldCondition {
    return new FieldCondition(field, ConditionOperator.EQUALS, values);
  }

  /** The field starts with one of the values (`StartsWith`). */
  public static startsWith(field: SelectorField, values: string[]): FieldCondition {
    return new FieldCondition(field, ConditionOperator.STARTS_WITH, values);
  }

  /** The field ends with one of the values (`EndsWith`). */
  public static endsWith(field: SelectorField, values: string[]): FieldCondition {
    return new FieldCondition(field, ConditionOperator.ENDS_WITH, values);
  }

  /** The field equals none of the values (`NotEquals`). */
  public static notEqualTo(field: SelectorField, values: string[]): FieldCondition {
    return new FieldCondition(field, ConditionOperator.NOT_EQUALS, values);
  }

  /** The field starts with none of the values (`NotStartsWith`). */
  public static notStartsWith(field: SelectorField, values: string[]): FieldCondition {
    return new FieldCondition(field, ConditionOperator.NOT_STARTS_WITH, values);
  }

  /** The field ends with none of the values (`NotEndsWith`). */
  public static notEndsWith(field: SelectorField, values: string[]): FieldCondition {
    return new FieldCondition(field, ConditionOperator.NOT_ENDS_WITH, values);
  }

  private constructor(
    /** The field the condition filters on. */
    public readonly field: SelectorField,
    /** The operator. */
    public readonly operator: ConditionOperator,
    /** The values; at least one. */
    public readonly values: string[],
  ) {}
}
