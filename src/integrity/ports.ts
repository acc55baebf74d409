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

/**
 * What is known about a trail's logging history, to tell an expected chain restart (logging or log file validation
 * was turned off and on, for example `StopLogging`/`StartLogging`) from an unexplained one. The AWS adapter can
 * answer from `GetTrailStatus` or from the trail's own management events.
 */
export interface LoggingHistory {
  /** True when logging or log file validation was turned off and back on between the two times. */
  explainsChainRestart(accountId: string, region: string, after: Date, before: Date): Promise<boolean>;
}
