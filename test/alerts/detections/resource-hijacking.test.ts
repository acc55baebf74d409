import { AlertPack } from '../../../src/alerts/alert-pack';
import { AlertRegionScope, AlertSeverity } from '../../../src/alerts/catalog';
import { fixture, envelope } from '../../fixtures/cloudtrail-events/load';
import { matchesEventPattern } from '../../util/event-pattern-evaluator';
import { matchesMetricFilter } from '../../util/metric-filter-evaluator';
import { AlertExpectation, describeAlertsAgainstFixtures } from '../fixture-harness';

const PACK = AlertPack.RESOURCE_HIJACKING;

const EXPECTATIONS: Record<string, AlertExpectation> = {
  'ec2-key-pair-imported': {
    positives: ['ec2-import-key-pair'],
    nearMisses: ['ec2-create-key-pair', 'ec2-create-key-pair-trufflehog'],
  },
  'ec2-user-data-changed': {
    positives: ['ec2-modify-instance-attribute-user-data', 'ec2-modify-instance-attribute-user-data-attribute'],
    nearMisses: ['ec2-modify-instance-attribute-instance-type', 'ec2-describe-instance-attribute-user-data'],
  },
  'ecs-task-definition-reads-credentials': {
    positives: ['ecs-register-task-definition-credentials-uri'],
    nearMisses: ['ecs-register-task-definition', 'ecs-create-cluster'],
  },
  'eks-cluster-created-or-deleted': {
    positives: ['eks-create-cluster'],
    nearMisses: ['ecs-create-cluster'],
  },
  'lambda-function-url-created': {
    positives: ['lambda-create-function-url-config'],
    nearMisses: ['lambda-update-function-configuration-layers'],
  },
  'lambda-layer-attached': {
    positives: ['lambda-update-function-configuration-layers'],
    nearMisses: ['lambda-update-function-configuration-environment', 'lambda-update-function-configuration-remove-layers', 'lambda-create-function-url-config'],
  },
  'glue-dev-endpoint-changed': {
    positives: ['glue-create-dev-endpoint'],
    nearMisses: ['glue-delete-crawler'],
  },
  'ssm-command-sent': {
    positives: ['ssm-send-command'],
    nearMisses: ['ssm-send-command-invalid-instance', 'ssm-get-command-invocation'],
  },
};

describeAlertsAgainstFixtures(PACK.alerts, EXPECTATIONS);

describe('resource hijacking pack', () => {
  test('every alert names its techniques and its Sigma rule', () => {
    for (const alert of PACK.alerts) {
      expect(alert.techniques.length).toBeGreaterThan(0);
      expect(alert.sourceRules).toEqual([expect.stringMatching(/^sigma:aws_[a-z0-9_]+$/)]);
    }
  });

  test('exactly the Sigma rules of the pack, each answered once', () => {
    expect(PACK.alerts.flatMap((alert) => alert.sourceRules).sort()).toEqual([
      'sigma:aws_cloudtrail_ssm_malicious_usage',
      'sigma:aws_ec2_import_key_pair_activity',
      'sigma:aws_ec2_startup_script_change',
      'sigma:aws_ecs_task_definition_cred_endpoint_query',
      'sigma:aws_eks_cluster_created_or_deleted',
      'sigma:aws_lambda_function_url',
      'sigma:aws_new_lambda_layer_attached',
      'sigma:aws_passed_role_to_glue_development_endpoint',
    ]);
  });

  test('regional write calls: every Region, no read-only events, no data events, no counting', () => {
    for (const alert of PACK.alerts) {
      expect(alert.regionScope).toBe(AlertRegionScope.EVERY_REGION);
      expect(alert.readOnlyManagementEvents).toBe(false);
      expect(alert.dataEventResourceTypes).toEqual([]);
      expect(alert.alarmThreshold).toBe(1);
      expect(alert.alarmPeriod).toBeUndefined();
      expect(alert.eventPattern).toBeDefined();
    }
  });

  test('the ECS task definition alert has no metric filter (CloudWatch Logs cannot search every element of an array)', () => {
    expect(PACK.alert('ecs-task-definition-reads-credentials').metricFilterPattern).toBeUndefined();
    expect(PACK.alerts.filter((alert) => alert.metricFilterPattern === undefined).map((alert) => alert.id))
      .toEqual(['ecs-task-definition-reads-credentials']);
  });

  test('the ECS alert matches the credentials variable in any container and any command element, with or without braces', () => {
    const alert = PACK.alert('ecs-task-definition-reads-credentials');
    const base = fixture('ecs-register-task-definition').record!;
    const withCommand = (containers: string[][]) => envelope({
      ...base,
      requestParameters: { ...base.requestParameters, containerDefinitions: containers.map((command, index) => ({ name: `c${index}`, image: 'alpine', command })) },
    });
    expect(matchesEventPattern(alert.eventPattern!, withCommand([['sleep', '1'], ['sh', '-c', 'wget -qO- "169.254.170.2${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}"']]))).toBe(true);
    expect(matchesEventPattern(alert.eventPattern!, withCommand([['sleep', '1'], ['sh', '-c', 'echo $AWS_CONTAINER_CREDENTIALS_FULL_URI']]))).toBe(false);
  });

  test('the Lambda alerts match the bare API name and any versioned event name', () => {
    const record = fixture('lambda-create-function-url-config').record!;
    const url = PACK.alert('lambda-function-url-created');
    for (const eventName of ['CreateFunctionUrlConfig', 'CreateFunctionUrlConfig20211031']) {
      expect(matchesEventPattern(url.eventPattern!, envelope({ ...record, eventName }))).toBe(true);
      expect(matchesMetricFilter(url.metricFilterPattern!, { ...record, eventName })).toBe(true);
    }
    for (const eventName of ['UpdateFunctionUrlConfig20211031', 'GetFunctionUrlConfig20211031']) {
      expect(matchesEventPattern(url.eventPattern!, envelope({ ...record, eventName }))).toBe(false);
      expect(matchesMetricFilter(url.metricFilterPattern!, { ...record, eventName })).toBe(false);
    }
    const layers = PACK.alert('lambda-layer-attached');
    const update = fixture('lambda-update-function-configuration-layers').record!;
    for (const eventName of ['UpdateFunctionConfiguration', 'UpdateFunctionConfiguration20150331v2']) {
      expect(matchesEventPattern(layers.eventPattern!, envelope({ ...update, eventName }))).toBe(true);
      expect(matchesMetricFilter(layers.metricFilterPattern!, { ...update, eventName })).toBe(true);
    }
  });

  test('the Sigma rules\' fixes are recorded where a rule misses real records', () => {
    expect(PACK.alerts.filter((alert) => alert.sourceRuleFix !== undefined).map((alert) => alert.id).sort())
      .toEqual(['ec2-user-data-changed', 'ecs-task-definition-reads-credentials', 'lambda-function-url-created']);
    expect(PACK.alert('lambda-function-url-created').sourceRuleFix).toMatch(/CreateFunctionUrlConfig20211031/);
    expect(PACK.alert('ec2-user-data-changed').sourceRuleFix).toMatch(/requestParameters\.userData/);
  });

  test('SendCommand: successful calls only, and LOW because SSM-managed fleets send commands all day', () => {
    const alert = PACK.alert('ssm-command-sent');
    expect(alert.eventPattern!.detail.errorCode).toEqual([{ exists: false }]);
    expect(alert.metricFilterPattern).toContain('$.errorCode NOT EXISTS');
    expect(alert.severity).toBe(AlertSeverity.LOW);
    // The old Sigma condition (responseElements.command.status = Success) never holds at send time.
    expect(fixture('ssm-send-command').record!.responseElements.command.status).toBe('Pending');
  });

  test('severities', () => {
    expect(Object.fromEntries(PACK.alerts.map((alert) => [alert.id, alert.severity]))).toEqual({
      'ec2-key-pair-imported': AlertSeverity.MEDIUM,
      'ec2-user-data-changed': AlertSeverity.HIGH,
      'ecs-task-definition-reads-credentials': AlertSeverity.MEDIUM,
      'eks-cluster-created-or-deleted': AlertSeverity.LOW,
      'lambda-function-url-created': AlertSeverity.MEDIUM,
      'lambda-layer-attached': AlertSeverity.LOW,
      'glue-dev-endpoint-changed': AlertSeverity.LOW,
      'ssm-command-sent': AlertSeverity.LOW,
    });
  });
});
