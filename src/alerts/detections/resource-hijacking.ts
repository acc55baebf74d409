import { Alert, AlertSeverity } from '../catalog';
import { API_CALL, anyEventName, apiCalls } from '../event-patterns';

/**
 * Instance user data is replaced either with the API's `UserData` parameter (what the CLI's
 * `--user-data` and the SDKs send), recorded as `requestParameters.userData` (Stratus Red Team's
 * `aws.execution.ec2-user-data` detonation logs: `{"instanceId": ..., "userData": "<sensitiveDataRemoved>"}`),
 * or with the older `Attribute=userData` / `Value` pair, recorded as `requestParameters.attribute`
 * (the form the Sigma rule matches).
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceAttribute.html
 * @see https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ec2-user-data/
 */
const USER_DATA_CHANGE = [
  { requestParameters: { attribute: ['userData'] } },
  { requestParameters: { userData: [{ exists: true }] } },
];

/** The Glue development endpoint calls of `aws_passed_role_to_glue_development_endpoint`. */
const DEV_ENDPOINT_EVENT_NAMES = ['CreateDevEndpoint', 'DeleteDevEndpoint', 'UpdateDevEndpoint'];

/**
 * Lambda's event source. Lambda records many calls under the API name followed by the API version ("the eventName might
 * include date and version information ... GetFunction might appear as GetFunction20150331"):
 * UpdateFunctionConfiguration is recorded as `UpdateFunctionConfiguration20150331v2` (Stratus Red
 * Team's `aws.persistence.lambda-layer-extension` detonation logs). Function URL calls live under
 * the `/2021-10-31/` API path, so CreateFunctionUrlConfig is expected as
 * `CreateFunctionUrlConfig20211031` (UNVERIFIED against a recorded event); matching the API name as
 * a prefix covers the bare name and any suffix.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html
 */
const LAMBDA = 'lambda.amazonaws.com';

/**
 * The name of the environment variable that holds the path of an ECS task's credentials endpoint
 * (169.254.170.2). Matched without the `$` so that `$VAR` and `${VAR}` both match.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
const ECS_CREDENTIALS_VARIABLE = 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI';

/**
 * Resource hijacking and execution: instance start-up scripts, imported key pairs, Lambda function URLs and layers, SSM commands, ECS task definitions reading credentials, EKS clusters, Glue development endpoints.
 *
 * Written from CloudTrail record shapes (AWS documentation samples); each alert names the community
 * rules it answers and what it fixes where a rule is wrong as written.
 */
export const RESOURCE_HIJACKING_ALERTS: Alert[] = [
  Alert._define({
    id: 'ec2-key-pair-imported',
    title: 'An SSH key pair was imported into EC2',
    // Sigma level medium.
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1078'],
    sourceRules: ['sigma:aws_ec2_import_key_pair_activity'],
    eventPattern: apiCalls('ec2.amazonaws.com', ['ImportKeyPair']),
    metricFilterPattern: '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "ImportKeyPair") }',
    eventNames: ['ImportKeyPair'],
  }),

  Alert._define({
    id: 'ec2-user-data-changed',
    title: 'An EC2 instance\'s user data (start-up script) was changed',
    // Sigma level high: the script runs as root at the next start.
    severity: AlertSeverity.HIGH,
    techniques: ['T1059.001', 'T1059.003', 'T1059.004'],
    sourceRules: ['sigma:aws_ec2_startup_script_change'],
    sourceRuleFix: 'also matches requestParameters.userData, the form the CLI\'s --user-data and the SDKs\' UserData parameter are recorded in; the rule only matches requestParameters.attribute = userData',
    eventPattern: apiCalls('ec2.amazonaws.com', ['ModifyInstanceAttribute'], { $or: USER_DATA_CHANGE }),
    // `= "*"` matches any string value: CloudTrail writes "<sensitiveDataRemoved>" there.
    metricFilterPattern: '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "ModifyInstanceAttribute") && (($.requestParameters.attribute = "userData") || ($.requestParameters.userData = "*")) }',
    eventNames: ['ModifyInstanceAttribute'],
  }),

  Alert._define({
    id: 'ecs-task-definition-reads-credentials',
    title: 'An ECS task definition runs a command that reads the task role\'s credentials endpoint',
    // Sigma level medium.
    severity: AlertSeverity.MEDIUM,
    techniques: ['T1525'],
    sourceRules: ['sigma:aws_ecs_task_definition_cred_endpoint_query'],
    sourceRuleFix: 'only RegisterTaskDefinition carries containerDefinitions in its request (DescribeTaskDefinition and RunTask never do), and command is a string list inside a list of containers: matched with an EventBridge wildcard on every element; the variable is matched without its $ so that the braced form matches too',
    eventPattern: apiCalls('ecs.amazonaws.com', ['RegisterTaskDefinition'], {
      requestParameters: { containerDefinitions: { command: [{ wildcard: `*${ECS_CREDENTIALS_VARIABLE}*` }] } },
    }),
    // No metric filter: CloudWatch Logs selects array elements only by a fixed index, and the
    // command can be any element of any container's command.
    eventNames: ['RegisterTaskDefinition'],
  }),

  Alert._define({
    id: 'eks-cluster-created-or-deleted',
    title: 'An EKS cluster was created or deleted',
    // Sigma level low.
    severity: AlertSeverity.LOW,
    // Sigma tags T1485 (deletion); a cluster created by an intruder is compute hijacking (T1496).
    techniques: ['T1485', 'T1496'],
    sourceRules: ['sigma:aws_eks_cluster_created_or_deleted'],
    eventPattern: apiCalls('eks.amazonaws.com', ['CreateCluster', 'DeleteCluster']),
    // The event source matters: ECS records its own CreateCluster and DeleteCluster.
    metricFilterPattern: `{ ($.eventSource = "eks.amazonaws.com") && (${anyEventName(['CreateCluster', 'DeleteCluster'])}) }`,
    eventNames: ['CreateCluster', 'DeleteCluster'],
  }),

  Alert._define({
    id: 'lambda-function-url-created',
    title: 'A Lambda function URL was created',
    // Sigma level medium.
    severity: AlertSeverity.MEDIUM,
    // Sigma tags tactics only; a URL (AuthType NONE) lets anyone run the function with its role.
    techniques: ['T1648'],
    sourceRules: ['sigma:aws_lambda_function_url'],
    sourceRuleFix: 'Lambda records versioned event names (CreateFunctionUrlConfig20211031); the rule\'s exact CreateFunctionUrlConfig never matches them, so the name is matched as a prefix',
    eventPattern: {
      'detail-type': [API_CALL],
      'detail': { eventSource: [LAMBDA], eventName: [{ prefix: 'CreateFunctionUrlConfig' }] },
    },
    metricFilterPattern: `{ ($.eventSource = "${LAMBDA}") && ($.eventName = "CreateFunctionUrlConfig*") }`,
    eventNames: ['CreateFunctionUrlConfig'],
  }),

  Alert._define({
    id: 'lambda-layer-attached',
    title: 'Layers were attached to an existing Lambda function',
    // Sigma level low: deployment tools send the full layer list on every configuration update.
    severity: AlertSeverity.LOW,
    // Sigma tags tactics only; layer code runs inside the function with its role.
    techniques: ['T1648'],
    sourceRules: ['sigma:aws_new_lambda_layer_attached'],
    // Layers are given as layer version ARNs; an update that removes every layer sends [] and
    // has no element to match.
    eventPattern: {
      'detail-type': [API_CALL],
      'detail': {
        eventSource: [LAMBDA],
        eventName: [{ prefix: 'UpdateFunctionConfiguration' }],
        requestParameters: { layers: [{ prefix: 'arn:' }] },
      },
    },
    metricFilterPattern: `{ ($.eventSource = "${LAMBDA}") && ($.eventName = "UpdateFunctionConfiguration*") && ($.requestParameters.layers[0] = "arn:*") }`,
    eventNames: ['UpdateFunctionConfiguration'],
  }),

  Alert._define({
    id: 'glue-dev-endpoint-changed',
    title: 'A Glue development endpoint was created, updated or deleted',
    // Sigma level low.
    severity: AlertSeverity.LOW,
    // Sigma tags the tactic only; the endpoint runs with a passed role whose credentials the
    // endpoint's SSH user can use.
    techniques: ['T1078.004'],
    sourceRules: ['sigma:aws_passed_role_to_glue_development_endpoint'],
    eventPattern: apiCalls('glue.amazonaws.com', DEV_ENDPOINT_EVENT_NAMES),
    metricFilterPattern: `{ ($.eventSource = "glue.amazonaws.com") && (${anyEventName(DEV_ENDPOINT_EVENT_NAMES)}) }`,
    eventNames: DEV_ENDPOINT_EVENT_NAMES,
  }),

  Alert._define({
    id: 'ssm-command-sent',
    title: 'SSM Run Command sent a command to instances',
    // Sigma level high, lowered: every Run Command matches, patching and automation included,
    // so fleets managed with SSM raise it all day.
    severity: AlertSeverity.LOW,
    // Sigma tags T1566.002 (spearphishing link), which does not describe the call; ATT&CK's
    // technique for it is Cloud Administration Command.
    techniques: ['T1651'],
    sourceRules: ['sigma:aws_cloudtrail_ssm_malicious_usage'],
    // Successful calls only: a failed SendCommand has an errorCode and ran nothing. (An older
    // version of the rule required responseElements.command.status = Success, which never
    // matches: the status is "Pending" when the command is sent, as Stratus Red Team's
    // aws.execution.ssm-send-command detonation logs show.)
    eventPattern: apiCalls('ssm.amazonaws.com', ['SendCommand'], { errorCode: [{ exists: false }] }),
    metricFilterPattern: '{ ($.eventSource = "ssm.amazonaws.com") && ($.eventName = "SendCommand") && ($.errorCode NOT EXISTS) }',
    eventNames: ['SendCommand'],
  }),
];
