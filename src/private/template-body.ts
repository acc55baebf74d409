/**
 * The size of a template body as CloudFormation receives it: the string after its intrinsic
 * functions are resolved, in UTF-8 bytes (the unit of the TemplateBody quota). A body built with
 * `Stack.toJsonString` resolves to a string, or to `Fn::Join` of literal parts and intrinsics; each
 * intrinsic counts as the length `intrinsicBytes` gives it (e.g. the longest ARN it can become).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 */
export function resolvedTemplateBodyBytes(resolved: unknown, intrinsicBytes: (intrinsic: unknown) => number): number {
  if (typeof resolved === 'string') {
    return Buffer.byteLength(resolved, 'utf-8');
  }
  const join = (resolved as { [key: string]: unknown } | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && join.length === 2 && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const [separator, parts] = join as [string, unknown[]];
    const separators = Buffer.byteLength(separator, 'utf-8') * Math.max(parts.length - 1, 0);
    return parts.reduce<number>((total, part) => total + resolvedTemplateBodyBytes(part, intrinsicBytes), separators);
  }
  return intrinsicBytes(resolved);
}

/** The problem of a template body of `bytes` bytes against the TemplateBody quota (none when it fits). */
export function templateBodySizeProblems(prop: string, alertCount: number, bytes: number, maxBytes: number): string[] {
  if (bytes <= maxBytes) {
    return [];
  }
  return [`'${prop}' holds ${alertCount} alerts with an event pattern, whose forwarding template is ${bytes} bytes; a StackSet TemplateBody holds at most ${maxBytes}. Forward fewer alerts, or split them over two fan-outs with different 'eventBusName' and 'stackSetName'.`];
}
