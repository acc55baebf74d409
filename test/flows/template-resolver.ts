/**
 * Turns a synthesized CloudFormation template into plain values, as a deployment would: every
 * intrinsic (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::If`,
 * `Fn::Equals`) is evaluated, and every resource gets a deterministic physical name (its own name
 * property when the template sets one, else one derived from its logical ID) and the ARN its type
 * has in AWS. Policies then read as the services would see them, so the IAM simulator can evaluate
 * them against concrete request ARNs.
 */

export interface DeploymentEnv {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

export type Template = { Resources: { [logicalId: string]: TemplateResource }; Conditions?: { [name: string]: unknown } };

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { [key: string]: any };
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
}

/** The property that names a resource, by type (CloudFormation generates a name when it is absent). */
const NAME_PROPERTY: { [type: string]: string } = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::CloudTrail::Trail': 'TrailName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::Athena::WorkGroup': 'Name',
  'AWS::CloudFormation::StackSet': 'StackSetName',
};

export class ResolvedTemplate {
  private readonly names = new Map<string, string>();

  constructor(public readonly template: Template, public readonly env: DeploymentEnv) {}

  /** The logical IDs of the resources of one type. */
  public logicalIdsOfType(type: string): string[] {
    return Object.entries(this.template.Resources).filter(([, resource]) => resource.Type === type).map(([id]) => id);
  }

  public resource(logicalId: string): TemplateResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) {
      throw new Error(`no resource '${logicalId}' in the template`);
    }
    return resource;
  }

  /** The resource's properties with every intrinsic evaluated. */
  public properties(logicalId: string): { [key: string]: any } {
    return this.resolve(this.resource(logicalId).Properties ?? {});
  }

  /** What `Ref` returns for the resource. */
  public ref(logicalId: string): string {
    const resource = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
      case 'AWS::IAM::ManagedPolicy':
        return this.arnOf(logicalId);
      case 'AWS::KMS::Key':
        return keyId(logicalId);
      default:
        return name;
    }
  }

  /** What `Fn::GetAtt` returns. */
  public getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    if (attribute === 'Arn' || attribute === 'TopicArn' || attribute === 'KeyArn') {
      return this.arnOf(logicalId);
    }
    if (resource.Type === 'AWS::SNS::Topic' && attribute === 'TopicName') {
      return this.physicalName(logicalId);
    }
    if (resource.Type === 'AWS::KMS::Key' && attribute === 'KeyId') {
      return keyId(logicalId);
    }
    if (resource.Type === 'AWS::Events::EventBus' && attribute === 'Name') {
      return this.physicalName(logicalId);
    }
    if (resource.Type === 'AWS::IAM::Role' && attribute === 'RoleId') {
      return `AROA${logicalId.toUpperCase().slice(0, 17)}`;
    }
    return `${logicalId}.${attribute}`;
  }

  /** The ARN AWS gives the resource. */
  public arnOf(logicalId: string): string {
    const { partition, region, account } = this.env;
    const resource = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    switch (resource.Type) {
      case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${name}`;
      case 'AWS::KMS::Key': return `arn:${partition}:kms:${region}:${account}:key/${keyId(logicalId)}`;
      case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role/${name}`;
      case 'AWS::IAM::ManagedPolicy': return `arn:${partition}:iam::${account}:policy/${name}`;
      case 'AWS::SNS::Topic': return `arn:${partition}:sns:${region}:${account}:${name}`;
      case 'AWS::CloudTrail::Trail': return `arn:${partition}:cloudtrail:${region}:${account}:trail/${name}`;
      case 'AWS::CloudWatch::Alarm': return `arn:${partition}:cloudwatch:${region}:${account}:alarm:${name}`;
      case 'AWS::Events::EventBus': return `arn:${partition}:events:${region}:${account}:event-bus/${name}`;
      case 'AWS::Events::Rule': {
        const bus = this.resolve(resource.Properties?.EventBusName);
        const busName = typeof bus === 'string' && bus !== 'default' ? `${bus.split('/').pop()}/` : '';
        return `arn:${partition}:events:${region}:${account}:rule/${busName}${name}`;
      }
      case 'AWS::Athena::WorkGroup': return `arn:${partition}:athena:${region}:${account}:workgroup/${name}`;
      default: return `arn:${partition}:${resource.Type.split('::')[1].toLowerCase()}:${region}:${account}:${name}`;
    }
  }

  /** The resource's name: the template's own name property, else a stable one from the logical ID. */
  public physicalName(logicalId: string): string {
    const cached = this.names.get(logicalId);
    if (cached) {
      return cached;
    }
    const resource = this.resource(logicalId);
    const nameProperty = NAME_PROPERTY[resource.Type];
    const given = nameProperty ? resource.Properties?.[nameProperty] : undefined;
    const name = given !== undefined ? String(this.resolve(given)) : generatedName(resource.Type, logicalId);
    this.names.set(logicalId, name);
    return name;
  }

  /** Evaluates every intrinsic in a value. */
  public resolve(value: any): any {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolve(item));
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const argument = value[key];
      switch (key) {
        case 'Ref': return this.resolveRef(argument);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
          return this.getAtt(logicalId, attribute);
        }
        case 'Fn::Join': {
          const [delimiter, items] = argument;
          return (this.resolve(items) as unknown[]).join(delimiter);
        }
        case 'Fn::Sub': return this.resolveSub(argument);
        case 'Fn::Select': {
          const [index, list] = argument;
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [delimiter, source] = argument;
          return String(this.resolve(source)).split(delimiter);
        }
        case 'Fn::Equals': {
          const [left, right] = this.resolve(argument);
          return left === right;
        }
        case 'Fn::If': {
          const [condition, whenTrue, whenFalse] = argument;
          return this.resolve(this.condition(condition) ? whenTrue : whenFalse);
        }
        case 'Fn::GetAZs': return ['a', 'b', 'c'].map((zone) => `${this.env.region}${zone}`);
        default:
          if (key.startsWith('Fn::')) {
            throw new Error(`the flow resolver does not evaluate ${key} yet`);
          }
      }
    }
    return Object.fromEntries(keys.map((key) => [key, this.resolve(value[key])]));
  }

  /** Whether a template condition holds in this environment. */
  public condition(name: string): boolean {
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) {
      throw new Error(`no condition '${name}' in the template`);
    }
    return Boolean(this.resolve(definition));
  }

  private resolveRef(name: string): string {
    switch (name) {
      case 'AWS::AccountId': return this.env.account;
      case 'AWS::Region': return this.env.region;
      case 'AWS::Partition': return this.env.partition;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return 'Stack';
      case 'AWS::StackId': return `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.account}:stack/Stack/id`;
      case 'AWS::NoValue': return undefined as unknown as string;
      default: return this.ref(name);
    }
  }

  private resolveSub(argument: string | [string, { [key: string]: any }]): string {
    const [text, variables] = typeof argument === 'string' ? [argument, {}] : argument;
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_match, expression: string) => {
      if (expression in variables) {
        return String(this.resolve(variables[expression]));
      }
      if (expression.includes('.') && !expression.startsWith('AWS::')) {
        const [logicalId, attribute] = expression.split('.');
        return this.getAtt(logicalId, attribute);
      }
      return this.resolveRef(expression);
    });
  }
}

function generatedName(type: string, logicalId: string): string {
  const base = logicalId.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 48);
  return type === 'AWS::S3::Bucket' ? `stack-${base}` : `Stack-${logicalId}`.slice(0, 64);
}

function keyId(logicalId: string): string {
  // A key id is a UUID; a deterministic one per logical ID keeps ARNs readable in failures.
  const hex = Array.from(logicalId).map((character) => character.charCodeAt(0).toString(16)).join('').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
