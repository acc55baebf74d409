/**
 * Building blocks of the catalog's patterns: EventBridge's detail-types for CloudTrail events and
 * the shapes every alert repeats.
 */

/** `detail-type` of CloudTrail management and data events on EventBridge. */
export const API_CALL = 'AWS API Call via CloudTrail';
/**
 * Console sign-in `detail-type`: EventBridge's guide spells it 'AWS Console Signin via CloudTrail',
 * AWS re:Post and deployed rules 'AWS Console Sign In via CloudTrail'. Which one is on the wire is
 * UNVERIFIED, so every sign-in pattern lists both.
 */
export const CONSOLE_SIGN_IN = ['AWS Console Sign In via CloudTrail', 'AWS Console Signin via CloudTrail'];
export const CONSOLE_ACTION = 'AWS Console Action via CloudTrail';
export const INSIGHT = 'AWS Insight via CloudTrail';

/** The pattern of API calls to one service: `{ detail-type: [API call], detail: { eventSource, eventName, ...extra } }`. */
export function apiCalls(eventSource: string, eventNames: string[], extra: { [key: string]: any } = {}): { [key: string]: any } {
  return {
    'detail-type': [API_CALL],
    'detail': { eventSource: [eventSource], eventName: [...eventNames], ...extra },
  };
}

/** `{ ($.eventName = "A") || ($.eventName = "B") }` in the spacing style of the CIS 4.15 text. */
export function anyEventName(eventNames: string[]): string {
  return eventNames.map((name) => `($.eventName = "${name}")`).join(' || ');
}
