import * as crypto from 'crypto';
import { Token } from 'aws-cdk-lib';
import { ALERT_NAME_PREFIX_MAX_LENGTH, RULE_NAME_MAX_LENGTH } from '../alerts/limits';

/**
 * Names of the alarms and EventBridge rules the alert builders create, so that the
 * `alerting-tampering` alert can recognise them by prefix. Rule names allow letters, digits,
 * '.', '-' and '_' (at most 64); alarm names allow more, so the rule's rules apply to both.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html
 */

const NAME_PREFIX = /^[.\-_A-Za-z0-9]+$/;
const HASH_LENGTH = 8;

/** The problems of a name prefix (empty when it is fine); `prop` names it in the messages. */
export function namePrefixProblems(prop: string, prefix: string): string[] {
  if (Token.isUnresolved(prefix)) {
    return [`'${prop}' must be known at synth time (the alerting-tampering alert matches it), got a token. Pass a literal such as 'org-trail-'.`];
  }
  if (prefix.length === 0 || prefix.length > ALERT_NAME_PREFIX_MAX_LENGTH || !NAME_PREFIX.test(prefix)) {
    return [`'${prop}' must be 1-${ALERT_NAME_PREFIX_MAX_LENGTH} letters, digits, '.', '-' or '_' (EventBridge rule names allow no others), got '${prefix}'. For example 'org-trail-'.`];
  }
  return [];
}

/**
 * The default prefix for a trail: `<trailName>-`, or for names longer than 31 characters their
 * first 22 characters, '-', 8 hex digits of a hash of the whole name, and '-' (stable and unique per trail).
 */
export function defaultNamePrefix(trailName: string): string {
  const candidate = `${trailName}-`;
  if (candidate.length <= ALERT_NAME_PREFIX_MAX_LENGTH) {
    return candidate;
  }
  return `${trailName.slice(0, ALERT_NAME_PREFIX_MAX_LENGTH - HASH_LENGTH - 2)}-${hash(trailName)}-`;
}

/**
 * `<prefix><alertId>`, or when that exceeds the 64 characters of a rule name its first 55
 * characters, '-' and 8 hex digits of a hash of the alert id (alert ids are unique, so names stay unique).
 */
export function alertResourceName(prefix: string, alertId: string): string {
  const name = `${prefix}${alertId}`;
  if (name.length <= RULE_NAME_MAX_LENGTH) {
    return name;
  }
  return `${name.slice(0, RULE_NAME_MAX_LENGTH - HASH_LENGTH - 1)}-${hash(alertId)}`;
}

/** 8 hex digits of a SHA-256 of `text`: a stable, short stand-in for a name cut to fit. */
export function hash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}
