import { Stack } from 'aws-cdk-lib';
import { STACK_SET_TEMPLATE_BODY_MAX_LENGTH } from '../../src/alerts/limits';
import { resolvedTemplateBodyBytes, templateBodySizeProblems } from '../../src/private/template-body';

const NO_INTRINSICS = () => {
  throw new Error('no intrinsic expected');
};

describe('resolvedTemplateBodyBytes', () => {
  test('a plain body counts its own characters, not the escapes JSON.stringify would add', () => {
    const body = JSON.stringify({ Description: 'say "hi"\\ \n' });
    expect(resolvedTemplateBodyBytes(body, NO_INTRINSICS)).toEqual(body.length);
    expect(JSON.stringify(body).length).toBeGreaterThan(body.length);
  });

  test('multi-byte characters count in UTF-8 bytes', () => {
    expect(resolvedTemplateBodyBytes('é€😀', NO_INTRINSICS)).toEqual(2 + 3 + 4);
  });

  test('Fn::Join counts literal parts, separators and each intrinsic as told', () => {
    const resolved = { 'Fn::Join': ['--', ['ab', { 'Fn::GetAtt': ['Bus', 'Arn'] }, 'cd']] };
    expect(resolvedTemplateBodyBytes(resolved, () => 10)).toEqual(2 + 10 + 2 + 2 * 2);
  });

  test('a body built by Stack.toJsonString measures what CloudFormation receives', () => {
    const stack = new Stack();
    const text = 'quote " backslash \\ ü';
    const body = stack.toJsonString({ Description: text, Arn: 'X' });
    expect(resolvedTemplateBodyBytes(stack.resolve(body), NO_INTRINSICS)).toEqual(Buffer.byteLength(JSON.stringify({ Description: text, Arn: 'X' })));
  });
});

describe('templateBodySizeProblems', () => {
  test.each([
    ['limit + 1', STACK_SET_TEMPLATE_BODY_MAX_LENGTH + 1],
    ['far over', 2 * STACK_SET_TEMPLATE_BODY_MAX_LENGTH],
  ])('%s bytes are refused, naming the prop and the size', (_name, bytes) => {
    expect(templateBodySizeProblems('alerts', 7, bytes, STACK_SET_TEMPLATE_BODY_MAX_LENGTH)).toEqual([
      `'alerts' holds 7 alerts with an event pattern, whose forwarding template is ${bytes} bytes; a StackSet TemplateBody holds at most 51200. Forward fewer alerts, or split them over two fan-outs with different 'eventBusName' and 'stackSetName'.`,
    ]);
  });

  test.each([
    ['exactly the limit', STACK_SET_TEMPLATE_BODY_MAX_LENGTH],
    ['limit - 1', STACK_SET_TEMPLATE_BODY_MAX_LENGTH - 1],
    ['one byte', 1],
  ])('%s bytes are accepted', (_name, bytes) => {
    expect(templateBodySizeProblems('alerts', 7, bytes, STACK_SET_TEMPLATE_BODY_MAX_LENGTH)).toEqual([]);
  });
});
