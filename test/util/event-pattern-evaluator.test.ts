import { matchesEventPattern } from './event-pattern-evaluator';

// Examples follow https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
const EVENT = {
  'source': 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  'detail': {
    'state': 'running',
    'instance-id': 'i-1234',
    'c-count': 5,
    'source-ip': '10.0.0.42',
    'file': 'dir/photo.png',
    'empty': '',
    'nothing': null,
    'tags': ['blue', 'green'],
    'items': [{ name: 'a' }, { name: 'b' }],
  },
};

test.each([
  ['exact', { source: ['aws.ec2'] }, true],
  ['exact, case-sensitive', { source: ['AWS.EC2'] }, false],
  ['OR list', { source: ['aws.s3', 'aws.ec2'] }, true],
  ['nested', { detail: { state: ['running'] } }, true],
  ['nested mismatch', { detail: { state: ['stopped'] } }, false],
  ['AND of fields', { source: ['aws.ec2'], detail: { state: ['stopped'] } }, false],
  ['missing field', { detail: { missing: ['x'] } }, false],
  ['null', { detail: { nothing: [null] } }, true],
  ['empty string', { detail: { empty: [''] } }, true],
  ['array value: any element', { detail: { tags: ['green'] } }, true],
  ['array of objects', { detail: { items: { name: ['b'] } } }, true],
  ['prefix', { detail: { state: [{ prefix: 'run' }] } }, true],
  ['prefix mismatch', { detail: { state: [{ prefix: 'Run' }] } }, false],
  ['prefix ignore case', { detail: { state: [{ prefix: { 'equals-ignore-case': 'RUN' } }] } }, true],
  ['suffix', { detail: { file: [{ suffix: '.png' }] } }, true],
  ['suffix mismatch', { detail: { file: [{ suffix: '.jpg' }] } }, false],
  ['suffix ignore case', { detail: { file: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }, true],
  ['equals-ignore-case', { detail: { state: [{ 'equals-ignore-case': 'RUNNING' }] } }, true],
  ['equals-ignore-case mismatch', { detail: { state: [{ 'equals-ignore-case': 'STOPPED' }] } }, false],
  ['wildcard', { detail: { file: [{ wildcard: 'dir/*.png' }] } }, true],
  ['wildcard mismatch', { detail: { file: [{ wildcard: 'other/*.png' }] } }, false],
  ['anything-but value', { detail: { state: [{ 'anything-but': 'stopped' }] } }, true],
  ['anything-but value mismatch', { detail: { state: [{ 'anything-but': 'running' }] } }, false],
  ['anything-but list', { detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } }, false],
  ['anything-but number', { detail: { 'c-count': [{ 'anything-but': 0 }] } }, true],
  ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, false],
  ['anything-but suffix', { detail: { file: [{ 'anything-but': { suffix: '.jpg' } }] } }, true],
  ['anything-but equals-ignore-case', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['RUNNING'] } }] } }, false],
  ['anything-but wildcard', { detail: { file: [{ 'anything-but': { wildcard: '*.png' } }] } }, false],
  ['anything-but on a missing field', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
  ['exists true', { detail: { state: [{ exists: true }] } }, true],
  ['exists true, missing', { detail: { missing: [{ exists: true }] } }, false],
  ['exists false, missing', { detail: { missing: [{ exists: false }] } }, true],
  ['exists false, present', { detail: { state: [{ exists: false }] } }, false],
  ['exists false under a missing object', { detail: { missing: { deeper: [{ exists: false }] } } }, true],
  ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, true],
  ['numeric range mismatch', { detail: { 'c-count': [{ numeric: ['>', 5] }] } }, false],
  ['numeric equals', { detail: { 'c-count': [{ numeric: ['=', 5] }] } }, true],
  ['numeric on a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
  ['cidr', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, true],
  ['cidr mismatch', { detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }, false],
  ['$or first branch', { $or: [{ source: ['aws.ec2'] }, { source: ['aws.s3'] }] }, true],
  ['$or no branch', { $or: [{ source: ['aws.iam'] }, { detail: { state: ['stopped'] } }] }, false],
  ['$or ANDed with siblings', { source: ['aws.s3'], $or: [{ detail: { state: ['running'] } }, { detail: { state: ['x'] } }] }, false],
  ['$or nested', { detail: { $or: [{ state: ['x'] }, { 'instance-id': [{ prefix: 'i-' }] }] } }, true],
])('%s', (_name, pattern, expected) => {
  expect(matchesEventPattern(pattern, EVENT)).toBe(expected);
});

test.each([
  ['scalar leaf', { source: 'aws.ec2' }, /leaf values must be arrays/],
  ['unknown operator', { source: [{ prefixx: 'aws' }] }, /unknown operator 'prefixx'/],
  ['two operators', { source: [{ prefix: 'a', suffix: 'b' }] }, /exactly one operator/],
  ['empty array', { source: [] }, /matches nothing/],
  ['empty $or', { $or: [] }, /\$or must be a non-empty array/],
  ['bad numeric', { detail: { 'c-count': [{ numeric: ['>>', 1] }] } }, /numeric takes/],
  ['bad exists', { detail: { state: [{ exists: 'yes' }] } }, /exists takes true or false/],
  ['consecutive wildcards', { detail: { file: [{ wildcard: 'a**b' }] } }, /consecutive asterisks/],
  ['anything-but with an unknown operator', { detail: { state: [{ 'anything-but': { numeric: ['>', 1] } }] } }, /does not take 'numeric'/],
  ['bad cidr', { detail: { 'source-ip': [{ cidr: 'ten' }] } }, /cidr takes/],
])('rejects %s', (_name, pattern, message) => {
  expect(() => matchesEventPattern(pattern as any, EVENT)).toThrow(message);
});
