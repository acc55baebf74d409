import { ResolvedTemplate, Template, DeploymentEnv } from './template-resolver';

/**
 * The parts of a synthesized stack that service flows need, found the way AWS finds them: by
 * following references from the trail (its bucket, key, log group, role and topic), from the
 * trail's log group to the metric filters, alarms and their topic, from that topic to the rules
 * that notify it, and from the StackSet's inner template to the central bus. No logical ID is
 * written down anywhere, so a renamed construct cannot make a flow test a stale resource.
 */

type PolicyDocument = { [key: string]: any };

export interface Bucket {
  readonly name: string;
  readonly arn: string;
  /** Undefined for a bucket without a policy; for an imported bucket, the statements its owner was told to add. */
  readonly policy?: PolicyDocument;
  /** Whether the stack does not own the bucket (its hardening is then its owner's). */
  readonly imported?: boolean;
}

export interface Key {
  readonly arn: string;
  readonly policy?: PolicyDocument;
}

export interface Role {
  readonly arn: string;
  readonly trustPolicy: PolicyDocument;
  readonly policies: { name: string; policy: PolicyDocument }[];
}

export interface Topic {
  readonly arn: string;
  readonly policy?: PolicyDocument;
  readonly key?: Key;
}

export interface Forwarding {
  /** The member account and Region the inner template was resolved for. */
  readonly env: DeploymentEnv;
  readonly role: Role;
  readonly ruleArns: string[];
  readonly targetBusArn: string;
}

/** The continuous validator: its role, its checkpoint bucket and the key that encrypts it. */
export interface Validator {
  readonly role: Role;
  readonly stateBucket: Bucket;
  readonly stateKey: Key;
}

export interface DeployedSystemOptions {
  readonly organizationId: string;
  /** Member accounts and Regions to resolve the fan-out's StackSet template for. */
  readonly memberEnvs?: DeploymentEnv[];
  /** The policy an imported archive bucket has (the statements the component told its owner to add). */
  readonly importedArchivePolicy?: PolicyDocument;
  /** The policy an imported trail key has. */
  readonly importedKeyPolicy?: PolicyDocument;
}

/** A topic alerts notify, and who notifies it. */
export interface AlertTopic {
  readonly topic: Topic;
  /** Alarms whose actions name the topic. */
  readonly alarmArns: string[];
  /** Rules on the default bus that target the topic. */
  readonly ruleArns: string[];
  /** Rules on the central bus that target the topic. */
  readonly centralRuleArns: string[];
}

export class DeployedSystem {
  public readonly template: ResolvedTemplate;
  public readonly organizationId: string;
  public readonly trailArn: string;
  public readonly trailName: string;
  public readonly s3KeyPrefix?: string;
  public readonly archive: Bucket;
  public readonly trailKey: Key;
  public readonly logGroupArn?: string;
  public readonly deliveryRole?: Role;
  public readonly accessLogs?: Bucket;
  /** The topic CloudTrail notifies on delivery, if the trail has one. */
  public readonly deliveryTopic?: Topic;
  public readonly alarmArns: string[] = [];
  /** The first alert topic (the one most alerts notify). */
  public readonly alertTopic?: Topic;
  /** Every topic alerts notify (one per severity route), with the alarms and rules that notify it. */
  public readonly alertTopics: AlertTopic[] = [];
  public readonly ruleArns: string[] = [];
  public readonly centralBus?: { arn: string; policy: PolicyDocument; ruleArns: string[] };
  public readonly forwarding: Forwarding[] = [];
  /** The continuous validator's queue: found from the rule that watches the archive's digest arrivals. */
  public readonly validationQueue?: { arn: string; policy?: PolicyDocument; ruleArns: string[] };
  /** The continuous validator, found as the function that reads the trail's archive (ARCHIVE_BUCKET). */
  public readonly validator?: Validator;

  constructor(template: Template, env: DeploymentEnv, options: DeployedSystemOptions) {
    this.template = new ResolvedTemplate(template, env);
    this.organizationId = options.organizationId;
    const trails = this.template.logicalIdsOfType('AWS::CloudTrail::Trail');
    // A delegated administrator's stack has no AWS::CloudTrail::Trail: a custom resource's CreateTrail call holds the settings.
    const delegated = trails.length === 0 ? this.template.logicalIdsOfType(DELEGATED_TRAIL_TYPE) : [];
    if (trails.length + delegated.length !== 1) {
      throw new Error(`expected one trail in the template, found ${trails.length + delegated.length}`);
    }
    const delegatedCall = delegated.length === 1 ? this.delegatedTrailCall(delegated[0]) : undefined;
    const raw = delegatedCall?.raw ?? this.template.resource(trails[0]).Properties!;
    const props = delegatedCall ? this.template.resolve(delegatedCall.raw) : this.template.properties(trails[0]);
    this.trailName = props.TrailName;
    this.trailArn = delegatedCall?.trailArn ?? this.template.arnOf(trails[0]);
    this.s3KeyPrefix = props.S3KeyPrefix;

    const bucketId = referencedId(raw.S3BucketName);
    this.archive = bucketId ? this.bucket(bucketId)
      : { name: props.S3BucketName, arn: `arn:${env.partition}:s3:::${props.S3BucketName}`, policy: options.importedArchivePolicy, imported: true };
    const keyId = referencedId(raw.KMSKeyId);
    this.trailKey = keyId ? this.key(keyId) : { arn: props.KMSKeyId, policy: options.importedKeyPolicy };
    this.logGroupArn = props.CloudWatchLogsLogGroupArn;
    const roleId = referencedId(raw.CloudWatchLogsRoleArn);
    this.deliveryRole = roleId ? this.role(roleId) : undefined;

    if (bucketId) {
      const destination = referencedId(this.template.resource(bucketId).Properties?.LoggingConfiguration?.DestinationBucketName);
      this.accessLogs = destination ? this.bucket(destination) : undefined;
    }

    this.validator = this.validatorOf(bucketId);

    const deliveryTopicId = referencedId(raw.SnsTopicName);
    this.deliveryTopic = deliveryTopicId ? this.topic(deliveryTopicId) : undefined;

    this.validationQueue = bucketId ? this.queueWatching(bucketId) : undefined;

    const logGroupId = referencedId(raw.CloudWatchLogsLogGroupArn);
    const metrics = this.metricsFilteredFrom(logGroupId, props.CloudWatchLogsLogGroupArn);
    const alarmTopicIds = new Set<string>();
    for (const alarmId of this.template.logicalIdsOfType('AWS::CloudWatch::Alarm')) {
      const alarm = this.template.resource(alarmId).Properties!;
      if (!metrics.has(`${alarm.Namespace}/${alarm.MetricName}`)) {
        continue;
      }
      this.alarmArns.push(this.template.arnOf(alarmId));
      for (const action of alarm.AlarmActions ?? []) {
        const topicId = referencedId(action);
        if (topicId && this.template.resource(topicId).Type === 'AWS::SNS::Topic') {
          alarmTopicIds.add(topicId);
        }
      }
    }
    // Alerts may be routed by severity to several topics: each is followed with its own alarms and rules.
    const topicIds = alarmTopicIds.size > 0 ? [...alarmTopicIds] : [this.topicOfDefaultBusRules()].filter((id): id is string => id !== undefined);
    const centralRuleArns: string[] = [];
    let busId: string | undefined;
    for (const topicId of topicIds) {
      const topic = this.topic(topicId);
      const alarms: string[] = [];
      // Every alarm that notifies the topic: the trail's metric-filter alarms and the validator's integrity and dead-letter alarms.
      for (const alarmId of this.template.logicalIdsOfType('AWS::CloudWatch::Alarm')) {
        const actions = (this.template.resource(alarmId).Properties?.AlarmActions ?? []).map(referencedId);
        if (actions.includes(topicId)) {
          alarms.push(this.template.arnOf(alarmId));
        }
      }
      const rulesToTopic = this.rulesTargeting(topicId);
      const central = rulesToTopic.filter((rule) => rule.bus);
      busId = busId ?? central[0]?.bus;
      centralRuleArns.push(...central.map((rule) => rule.arn));
      this.alertTopics.push({
        topic,
        alarmArns: alarms,
        ruleArns: rulesToTopic.filter((rule) => !rule.bus).map((rule) => rule.arn),
        centralRuleArns: central.map((rule) => rule.arn),
      });
      this.alarmArns.push(...alarms.filter((arn) => !this.alarmArns.includes(arn)));
      this.ruleArns.push(...rulesToTopic.filter((rule) => !rule.bus).map((rule) => rule.arn));
    }
    this.alertTopics.sort((a, b) => b.alarmArns.length + b.ruleArns.length - a.alarmArns.length - a.ruleArns.length);
    this.alertTopic = this.alertTopics[0]?.topic;
    if (busId) {
      const policyIds = this.template.logicalIdsOfType('AWS::Events::EventBusPolicy')
        .filter((id) => referencedId(this.template.resource(id).Properties?.EventBusName) === busId);
      const statements = policyIds.map((id) => this.template.properties(id).Statement);
      this.centralBus = {
        arn: this.template.arnOf(busId),
        policy: { Version: '2012-10-17', Statement: statements },
        ruleArns: centralRuleArns,
      };
      for (const memberEnv of options.memberEnvs ?? []) {
        this.forwarding.push(...this.forwardingIn(memberEnv));
      }
    }
  }

  /**
   * The trail settings of a delegated administrator's trail: the custom resource's `Create` is a
   * JSON string joined around references; references that are a whole value stay references (so
   * the bucket, key, role and topic are followed as for `AWS::CloudTrail::Trail`), others are
   * resolved. The API's member names are mapped to `AWS::CloudTrail::Trail`'s, and the trail's ARN
   * is the physical resource ID the call sets.
   */
  private delegatedTrailCall(logicalId: string): { raw: { [key: string]: any }; trailArn: string } {
    const create = this.template.resource(logicalId).Properties!.Create;
    const parts: unknown[] = typeof create === 'string' ? [create] : create['Fn::Join'][1];
    const marker = (index: number) => `@@ref${index}@@`;
    const text = parts.map((part, index) => (typeof part === 'string' ? part : marker(index))).join('');
    const restore = (value: unknown): unknown => {
      if (Array.isArray(value)) {
        return value.map(restore);
      }
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, restore(item)]));
      }
      if (typeof value !== 'string' || !value.includes('@@ref')) {
        return value;
      }
      const whole = /^@@ref(\d+)@@$/.exec(value);
      return whole ? parts[Number(whole[1])] : value.replace(/@@ref(\d+)@@/g, (_match, index) => String(this.template.resolve(parts[Number(index)])));
    };
    const call = restore(JSON.parse(text)) as { parameters: { [key: string]: any }; physicalResourceId: { id: string } };
    const { Name, KmsKeyId, ...settings } = call.parameters;
    return { raw: { ...settings, TrailName: Name, KMSKeyId: KmsKeyId }, trailArn: call.physicalResourceId.id };
  }

  private validatorOf(archiveId: string | undefined): Validator | undefined {
    const functionId = this.template.logicalIdsOfType('AWS::Lambda::Function').find((id) => {
      const archive = this.template.resource(id).Properties?.Environment?.Variables?.ARCHIVE_BUCKET;
      return archive !== undefined && (archiveId ? referencedId(archive) === archiveId : this.template.resolve(archive) === this.archive.name);
    });
    if (!functionId) {
      return undefined;
    }
    const raw = this.template.resource(functionId).Properties!;
    const stateBucketId = referencedId(raw.Environment.Variables.STATE_BUCKET)!;
    const encryption = this.template.resource(stateBucketId).Properties?.BucketEncryption
      ?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
    return {
      role: this.role(referencedId(raw.Role)!),
      stateBucket: this.bucket(stateBucketId),
      stateKey: this.key(referencedId(encryption.KMSMasterKeyID)!),
    };
  }

  private bucket(logicalId: string): Bucket {
    const policyId = this.template.logicalIdsOfType('AWS::S3::BucketPolicy')
      .find((id) => referencedId(this.template.resource(id).Properties?.Bucket) === logicalId);
    return {
      name: this.template.physicalName(logicalId),
      arn: this.template.arnOf(logicalId),
      policy: policyId ? this.template.properties(policyId).PolicyDocument : undefined,
    };
  }

  private key(logicalId: string): Key {
    return { arn: this.template.arnOf(logicalId), policy: this.template.properties(logicalId).KeyPolicy };
  }

  /**
   * The SQS queue a rule on the archive's object events sends to (the continuous validator's), the
   * rules that send to it, and its queue policy.
   */
  private queueWatching(archiveBucketId: string): { arn: string; policy?: PolicyDocument; ruleArns: string[] } | undefined {
    const rules = this.template.logicalIdsOfType('AWS::Events::Rule');
    const watching = rules.find((id) => {
      const props = this.template.resource(id).Properties ?? {};
      return JSON.stringify(props.EventPattern ?? {}).includes(`{"Ref":"${archiveBucketId}"}`)
        && (props.Targets ?? []).some((target: any) => this.isQueue(referencedId(target.Arn)));
    });
    if (!watching) {
      return undefined;
    }
    const queueId = (this.template.resource(watching).Properties!.Targets as any[])
      .map((target) => referencedId(target.Arn)).find((id) => this.isQueue(id))!;
    const senders = rules.filter((id) => (this.template.resource(id).Properties?.Targets ?? [])
      .some((target: any) => referencedId(target.Arn) === queueId));
    const policyId = this.template.logicalIdsOfType('AWS::SQS::QueuePolicy')
      .find((id) => (this.template.resource(id).Properties?.Queues ?? []).map(referencedId).includes(queueId));
    return {
      arn: this.template.arnOf(queueId),
      policy: policyId ? this.template.properties(policyId).PolicyDocument : undefined,
      ruleArns: senders.map((id) => this.template.arnOf(id)),
    };
  }

  private isQueue(logicalId: string | undefined): boolean {
    return logicalId !== undefined && this.template.resource(logicalId).Type === 'AWS::SQS::Queue';
  }

  /** A role of the stack by its physical name (test stacks name the readers they add). */
  public roleNamed(name: string): Role | undefined {
    const roleId = this.template.logicalIdsOfType('AWS::IAM::Role').find((id) => this.template.physicalName(id) === name);
    return roleId ? this.role(roleId) : undefined;
  }

  private role(logicalId: string): Role {
    const props = this.template.properties(logicalId);
    const policies: { name: string; policy: PolicyDocument }[] = (props.Policies ?? [])
      .map((inline: any) => ({ name: inline.PolicyName, policy: inline.PolicyDocument }));
    const attachedIds = (this.template.resource(logicalId).Properties?.ManagedPolicyArns ?? []).map(referencedId);
    for (const type of ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']) {
      for (const policyId of this.template.logicalIdsOfType(type)) {
        const roles = (this.template.resource(policyId).Properties?.Roles ?? []).map(referencedId);
        if (roles.includes(logicalId) || attachedIds.includes(policyId)) {
          policies.push({ name: policyId, policy: this.template.properties(policyId).PolicyDocument });
        }
      }
    }
    return { arn: this.template.arnOf(logicalId), trustPolicy: props.AssumeRolePolicyDocument, policies };
  }

  private topic(logicalId: string): Topic {
    const policyId = this.template.logicalIdsOfType('AWS::SNS::TopicPolicy')
      .find((id) => (this.template.resource(id).Properties?.Topics ?? []).map(referencedId).includes(logicalId));
    const keyId = referencedId(this.template.resource(logicalId).Properties?.KmsMasterKeyId);
    return {
      arn: this.template.arnOf(logicalId),
      policy: policyId ? this.template.properties(policyId).PolicyDocument : undefined,
      key: keyId ? this.key(keyId) : undefined,
    };
  }

  /** `namespace/metric` of every metric filter on the trail's log group. */
  private metricsFilteredFrom(logGroupId: string | undefined, logGroupArn: string | undefined): Set<string> {
    const metrics = new Set<string>();
    const logGroupName = logGroupArn?.split(':log-group:')[1]?.replace(/:\*$/, '');
    for (const filterId of this.template.logicalIdsOfType('AWS::Logs::MetricFilter')) {
      const raw = this.template.resource(filterId).Properties!;
      const matches = logGroupId ? referencedId(raw.LogGroupName) === logGroupId : this.template.resolve(raw.LogGroupName) === logGroupName;
      if (!matches) {
        continue;
      }
      for (const transformation of this.template.resolve(raw.MetricTransformations)) {
        metrics.add(`${transformation.MetricNamespace}/${transformation.MetricName}`);
      }
    }
    return metrics;
  }

  private rulesTargeting(topicId: string): { arn: string; bus?: string }[] {
    return this.template.logicalIdsOfType('AWS::Events::Rule')
      .filter((id) => (this.template.resource(id).Properties?.Targets ?? []).some((target: any) => referencedId(target.Arn) === topicId))
      .map((id) => ({ arn: this.template.arnOf(id), bus: referencedId(this.template.resource(id).Properties?.EventBusName) }));
  }

  private topicOfDefaultBusRules(): string | undefined {
    for (const ruleId of this.template.logicalIdsOfType('AWS::Events::Rule')) {
      const props = this.template.resource(ruleId).Properties!;
      const description = String(props.Description ?? '');
      if (props.EventBusName === undefined && description.startsWith('[cdk-org-trail:')) {
        const topicId = (props.Targets ?? []).map((target: any) => referencedId(target.Arn)).find((id: string | undefined) => id !== undefined);
        if (topicId) {
          return topicId;
        }
      }
    }
    return undefined;
  }

  /** Resolves the StackSet's inner template as a member account in `memberEnv` would deploy it. */
  private forwardingIn(memberEnv: DeploymentEnv): Forwarding[] {
    return this.template.logicalIdsOfType('AWS::CloudFormation::StackSet').map((stackSetId) => {
      const body = this.template.properties(stackSetId).TemplateBody;
      const inner = new ResolvedTemplate(JSON.parse(body), memberEnv);
      const roleIds = inner.logicalIdsOfType('AWS::IAM::Role');
      if (roleIds.length !== 1) {
        throw new Error(`expected one forwarder role in the StackSet template, found ${roleIds.length}`);
      }
      const roleProps = inner.properties(roleIds[0]);
      const rules = inner.logicalIdsOfType('AWS::Events::Rule')
        .filter((id) => inner.resource(id).Condition === undefined || inner.condition(inner.resource(id).Condition!));
      const targets = new Set(rules.flatMap((id) => inner.properties(id).Targets.map((target: any) => target.Arn)));
      if (targets.size !== 1) {
        throw new Error(`expected the forwarding rules to share one target, found ${[...targets].join(', ')}`);
      }
      return {
        env: memberEnv,
        role: {
          arn: inner.arnOf(roleIds[0]),
          trustPolicy: roleProps.AssumeRolePolicyDocument,
          policies: (roleProps.Policies ?? []).map((inline: any) => ({ name: inline.PolicyName, policy: inline.PolicyDocument })),
        },
        ruleArns: rules.map((id) => inner.arnOf(id)),
        targetBusArn: [...targets][0] as string,
      };
    });
  }
}

/** The custom resource that creates a delegated administrator's organization trail. */
export const DELEGATED_TRAIL_TYPE = 'Custom::CloudTrailOrganizationTrail';

/** The logical ID a `Ref` or `Fn::GetAtt` points at, if the value is one. */
export function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const node = value as { [key: string]: any };
  if (typeof node.Ref === 'string' && !node.Ref.startsWith('AWS::')) {
    return node.Ref;
  }
  if (Array.isArray(node['Fn::GetAtt'])) {
    return node['Fn::GetAtt'][0];
  }
  return undefined;
}
