import { Partition } from './partition';
import { CloudTrailPublicKey } from './public-key';

/** What a store can say about an object it was asked for. */
export enum ObjectState {
  FOUND = 'FOUND',
  /** S3 `NoSuchKey` (404). */
  NOT_FOUND = 'NOT_FOUND',
  /** S3 `InvalidObjectState`: in Glacier Flexible Retrieval or Deep Archive, must be restored first. */
  ARCHIVED = 'ARCHIVED',
  /** S3 403 (without `s3:ListBucket`, S3 also answers 403 for a missing key). */
  ACCESS_DENIED = 'ACCESS_DENIED',
}

/** An object read from the store: its bytes and its user metadata when `state` is `FOUND`. */
export interface StoredObject {
  readonly state: ObjectState;
  readonly body?: Uint8Array;
  /**
   * User metadata with the `x-amz-meta-` prefix removed and lower-case names, as the AWS SDK v3 returns it in
   * `GetObject`'s `Metadata` (so `signature`, `signature-algorithm`, `backfill-generation-timestamp`).
   */
  readonly metadata?: Record<string, string>;
}

/**
 * Storage as the validation core needs it. The AWS adapter implements it with `ListObjectsV2` and `GetObject`; the
 * tests with a map. The core never calls AWS itself.
 */
export interface ObjectStore {
  /** Keys under `prefix` in lexical order, only those after `startAfter` when given (S3 `StartAfter`). */
  listKeys(bucket: string, prefix: string, startAfter?: string): Promise<string[]>;
  /** One object; a missing, archived or forbidden object is a state, not an exception. */
  getObject(bucket: string, key: string): Promise<StoredObject>;
}

/**
 * CloudTrail's public keys, as `ListPublicKeys` returns them in one Region (each Region signs with its own keys).
 */
export interface PublicKeyProvider {
  /** Keys whose validity overlaps `[start, end]` in `region`. */
  listPublicKeys(region: string, start: Date, end: Date): Promise<CloudTrailPublicKey[]>;
}

/** Whether a chain restart is explained, and why (or why not) in one sentence for the finding. */
export interface RestartExplanation {
  readonly explained: boolean;
  readonly reason: string;
}

/**
 * What is known about a trail's logging history, to tell an expected chain restart (logging or log file validation
 * was turned off and on, for example `StopLogging`/`StartLogging`) from an unexplained one. `TrailEventHistory`
 * answers from the trail's own management events (`TrailEventSource`); the CLI's `--restarts-explained` trusts all.
 */
export interface LoggingHistory {
  /**
   * Whether logging or log file validation of the partition's trail was turned off and back on around the gap
   * between `after` (the end of the last digest of the old chain) and `before` (the start of the new chain).
   */
  explainChainRestart(partition: Partition, after: Date, before: Date): Promise<RestartExplanation>;
}

/** One management event of a trail's home Region, as `LookupEvents` returns it (its `CloudTrailEvent` parsed). */
export interface TrailEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: Date;
  /** Present when the call failed (for example `AccessDenied`): such a call changed nothing. */
  readonly errorCode?: string;
  readonly requestParameters?: Record<string, unknown>;
  readonly responseElements?: Record<string, unknown>;
  /** `Resources[].ResourceName` of the lookup result. */
  readonly resourceNames: string[];
}

/**
 * Management events by name in one Region of the calling account: the AWS adapter pages CloudTrail `LookupEvents`
 * (`EventName` lookup attribute) within its rate limit; the tests use a list.
 */
export interface TrailEventSource {
  /** Events named `eventName` that occurred in `[start, end]` in `region`. */
  lookupEvents(region: string, eventName: string, start: Date, end: Date): Promise<TrailEvent[]>;
}
