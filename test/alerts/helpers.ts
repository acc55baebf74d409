import { App, Stack } from 'aws-cdk-lib';

export const ACCOUNT = '111111111111';

export function newStack(region: string = 'us-east-1'): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region } });
}
