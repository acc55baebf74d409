import { Token } from 'aws-cdk-lib';
import {
  EVENT_BUS_NAME_MAX_LENGTH, METRIC_NAMESPACE_MAX_LENGTH, STACK_SET_NAME_MAX_LENGTH, TOPIC_NAME_MAX_LENGTH,
} from '../../src/alerts/limits';
import {
  emailAddressProblems, eventBusNameProblems, metricNamespaceProblems, stackSetNameProblems, topicNameProblems,
} from '../../src/private/service-names';

const TOKEN = Token.asString({ Ref: 'Name' });

describe('topicNameProblems', () => {
  test.each([
    ['empty', ''],
    ['a space', 'bad name'],
    ['a period', 'alerts.topic'],
    ['a FIFO suffix', 'alerts.fifo'],
    ['a slash', 'team/alerts'],
    ['limit + 1 characters', 'x'.repeat(TOPIC_NAME_MAX_LENGTH + 1)],
  ])('%s is refused, naming the prop and the value', (_name, value) => {
    const problems = topicNameProblems('topicName', value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^'topicName' must be 1-256 letters, digits, '-' or '_' \(SNS topic names\)/);
    expect(problems[0]).toContain(`got '${value}'. Use e.g. 'cloudtrail-alerts'.`);
  });

  test('a FIFO suffix is explained', () => {
    expect(topicNameProblems('topicName', 'alerts.fifo').join()).toMatch(/standard topic, so no '\.fifo'/);
  });

  test.each([
    ['one character', 'a'],
    ['exactly the limit', 'x'.repeat(TOPIC_NAME_MAX_LENGTH)],
    ['letters, digits, - and _', 'Cloud_Trail-alerts-2'],
    ['undefined (CloudFormation names it)', undefined],
    ['a token', TOKEN],
  ])('%s is accepted', (_name, value) => {
    expect(topicNameProblems('topicName', value)).toEqual([]);
  });
});

describe('emailAddressProblems', () => {
  test.each([
    ['no @', 'security.example.com'],
    ['no domain dot', 'security@example'],
    ['two addresses in one entry', 'a@example.com,b@example.com'],
    ['a display name', 'Security <security@example.com>'],
    ['a space', 'security @example.com'],
    ['two @', 'a@b@example.com'],
    ['empty', ''],
  ])('%s is refused, naming the prop and the value', (_name, value) => {
    expect(emailAddressProblems('emailAddresses', [value])).toEqual([
      `'emailAddresses' must hold one e-mail address per entry, such as 'security@example.com', got '${value}'. Split lists into separate entries and remove spaces or display names.`,
    ]);
  });

  test('a duplicate (ignoring case) is refused', () => {
    expect(emailAddressProblems('alerts.emailAddresses', ['sec@example.com', 'SEC@example.com'])).toEqual([
      '\'alerts.emailAddresses\' lists \'SEC@example.com\' twice (addresses are compared ignoring case). Remove the duplicate.',
    ]);
  });

  test('every bad entry is reported', () => {
    expect(emailAddressProblems('emailAddresses', ['x', 'y', 'ok@example.com'])).toHaveLength(2);
  });

  test.each([
    ['a plain address', ['security@example.com']],
    ['plus and subdomains', ['sec+trail@mail.example.co.uk']],
    ['several addresses', ['a@example.com', 'b@example.com']],
    ['a token', [TOKEN]],
    ['an empty list', []],
    ['undefined', undefined],
  ])('%s is accepted', (_name, values) => {
    expect(emailAddressProblems('emailAddresses', values)).toEqual([]);
  });
});

describe('metricNamespaceProblems', () => {
  test.each([
    ['empty', '', /be 1-255 characters long \(it has 0\)/],
    ['limit + 1 characters', 'x'.repeat(METRIC_NAMESPACE_MAX_LENGTH + 1), /be 1-255 characters long \(it has 256\)/],
    ['a colon', 'Log:Metrics', /printable ASCII characters other than ':', '\*' and '\$'/],
    ['an asterisk', 'Log*Metrics', /other than ':', '\*' and '\$'/],
    ['a dollar', 'Log$Metrics', /other than ':', '\*' and '\$'/],
    ['a control character', 'Log\tMetrics', /printable ASCII/],
    ['non-ASCII', 'Métriques', /printable ASCII/],
    ['only spaces', '   ', /contain a character other than spaces/],
    ['the AWS/ namespace', 'AWS/CloudTrail', /not start with 'AWS\/', which CloudWatch reserves for AWS services/],
  ])('%s is refused, naming the prop and the value', (_name, value, reason) => {
    const problems = metricNamespaceProblems('metricNamespace', value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^'metricNamespace' must /);
    expect(problems[0]).toMatch(reason);
    expect(problems[0]).toContain(`got '${value}'. Use e.g. 'LogMetrics'`);
  });

  test.each([
    ['one character', 'L'],
    ['exactly the limit', 'x'.repeat(METRIC_NAMESPACE_MAX_LENGTH)],
    ['the default', 'LogMetrics'],
    ['slashes, hashes, dots and spaces', 'Org/Cloud Trail#1.audit_x-y'],
    ['AWS without the slash', 'AWSCloudTrail'],
    ['undefined', undefined],
    ['a token', TOKEN],
  ])('%s is accepted', (_name, value) => {
    expect(metricNamespaceProblems('metricNamespace', value)).toEqual([]);
  });
});

describe('stackSetNameProblems', () => {
  test.each([
    ['empty', ''],
    ['a leading digit', '1-forwarding'],
    ['a leading hyphen', '-forwarding'],
    ['an underscore', 'alert_forwarding'],
    ['a period', 'alert.forwarding'],
    ['limit + 1 characters', 'x'.repeat(STACK_SET_NAME_MAX_LENGTH + 1)],
  ])('%s is refused, naming the prop and the value', (_name, value) => {
    expect(stackSetNameProblems('stackSetName', value)).toEqual([
      `'stackSetName' must start with a letter and hold 1-128 letters, digits or '-' (CloudFormation StackSet names), got '${value}'. Use e.g. 'cdk-org-trail-alert-forwarding'.`,
    ]);
  });

  test.each([
    ['one letter', 'f'],
    ['exactly the limit', 'x'.repeat(STACK_SET_NAME_MAX_LENGTH)],
    ['letters, digits and hyphens', 'Alert-Forwarding-2'],
    ['undefined', undefined],
    ['a token', TOKEN],
  ])('%s is accepted', (_name, value) => {
    expect(stackSetNameProblems('stackSetName', value)).toEqual([]);
  });
});

describe('eventBusNameProblems', () => {
  test.each([
    ['empty', ''],
    ['a slash (partner buses only)', 'team/alerts'],
    ['a space', 'bad name'],
    ['the aws. prefix', 'aws.alerts'],
    ['limit + 1 characters', 'x'.repeat(EVENT_BUS_NAME_MAX_LENGTH + 1)],
  ])('%s is refused, naming the prop and the value', (_name, value) => {
    expect(eventBusNameProblems('eventBusName', value)).toEqual([
      `'eventBusName' must be 1-256 letters, digits, '.', '_' or '-' (EventBridge's rule for custom buses) and not start with 'aws.', got '${value}'. Use e.g. 'cdk-org-trail-alerts'.`,
    ]);
  });

  test('the default bus is refused', () => {
    expect(eventBusNameProblems('eventBusName', 'default')).toEqual([
      '\'eventBusName\' must not be \'default\': that is every account\'s default event bus, which cannot be created. Use e.g. \'cdk-org-trail-alerts\'.',
    ]);
  });

  test.each([
    ['one character', 'a'],
    ['exactly the limit', 'x'.repeat(EVENT_BUS_NAME_MAX_LENGTH)],
    ['letters, digits, ., _ and -', 'Org.alerts_2-central'],
    ['default as a part', 'default-alerts'],
    ['undefined', undefined],
    ['a token', TOKEN],
  ])('%s is accepted', (_name, value) => {
    expect(eventBusNameProblems('eventBusName', value)).toEqual([]);
  });
});
