import { createHash } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { ObjectState, ObjectStore } from '../../../src/integrity/ports';
import { CloudTrailPublicKey } from '../../../src/integrity/public-key';
import { MemoryStore } from '../fixtures/memory-store';

/**
 * A dependency-free S3 + CloudTrail endpoint on loopback, enough for the validator's calls, spoken over real HTTP
 * so that an unmodified AWS SDK v3 client (in another process: the CLI) can be pointed at it with
 * `AWS_ENDPOINT_URL=http://127.0.0.1:<port>`:
 *
 * - S3, path-style (`/bucket/key`): `ListObjectsV2` (`list-type=2`) with `prefix`, `delimiter` (CommonPrefixes),
 *   `start-after`, `max-keys` and `continuation-token` paging; `GetObject` and `HeadObject` with `x-amz-meta-*`
 *   headers and `Content-Encoding: gzip` as CloudTrail objects are served; S3's XML errors `NoSuchKey` (404),
 *   `AccessDenied` (403) and `InvalidObjectState` (403) for objects in those states.
 * - S3 `PutObject` (into a `MemoryStore`) with conditional writes: `If-None-Match: *` fails with 412
 *   `PreconditionFailed` when the key exists, `If-Match: <etag>` when the object's ETag differs; `If-Match` on a missing
 *   key answers 404 `NoSuchKey`; `injectPutStatus` makes the next PUT fail with a status of the test's choosing (409
 *   `ConditionalRequestConflict`, which S3 answers when a conflicting write happens during the upload). ETags are the
 *   hex MD5 of the body.
 * - CloudTrail, AWS JSON 1.1 (`X-Amz-Target: CloudTrail_20131101.<Operation>`), in the Region named in the request's
 *   SigV4 credential scope: `ListPublicKeys` (the keys that overlap `[StartTime, EndTime]`, `Value` base64, times in
 *   epoch seconds) and `LookupEvents` (one `EventName` lookup attribute, `[StartTime, EndTime]` inclusive, newest
 *   first, `MaxResults` up to 50 with `NextToken` paging; more than two requests within a second from one Region are
 *   answered 400 `ThrottlingException`, as the API's rate limit of two per second per account and Region would).
 *
 * Signatures are not checked (any credentials work). The objects come from an `ObjectStore` (the tests' in-memory
 * store), so a test tampers with objects exactly as it does for the core's own tests.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
export interface LoopbackOptions {
  /** The objects, any bucket; PUT needs a `MemoryStore`. */
  readonly store: ObjectStore;
  /** `LookupEvents` answers, by Region. */
  readonly events?: Record<string, LoopbackEvent[]>;
  /** CloudTrail operations answered 400 `AccessDeniedException` (a caller without the permission). */
  readonly deny?: string[];
  /** `ListPublicKeys` answers, by Region. */
  readonly publicKeys: Record<string, CloudTrailPublicKey[]>;
  /** Largest page `ListObjectsV2` returns (S3's is 1,000); small values exercise continuation tokens. */
  readonly pageSize?: number;
}

/** One management event as `LookupEvents` returns it; `record` is serialised into `CloudTrailEvent`. */
export interface LoopbackEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: Date;
  readonly record: Record<string, unknown>;
  readonly resources?: Array<{ ResourceType: string; ResourceName: string }>;
}

/** One request the server answered, for assertions on how the client listed and read. */
export interface RecordedRequest {
  readonly operation: 'ListObjectsV2' | 'GetObject' | 'HeadObject' | 'PutObject' | 'ListPublicKeys' | 'LookupEvents' | 'Unsupported';
  /** For `LookupEvents`: the event name asked for; for conditional PUTs: the condition. */
  readonly detail?: string;
  /** When the server answered, in milliseconds since the epoch. */
  readonly at?: number;
  readonly bucket?: string;
  readonly key?: string;
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly region?: string;
  readonly status: number;
}

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const LAST_MODIFIED = new Date('2026-01-01T00:00:00Z');

/** A running server: its endpoint, the requests seen so far, and `close()`. */
export class LoopbackAws {
  /** Starts a server on 127.0.0.1 on a free port. */
  public static async start(options: LoopbackOptions): Promise<LoopbackAws> {
    const server = new LoopbackAws(options);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen(0, '127.0.0.1', () => resolve());
    });
    return server;
  }

  public readonly requests: RecordedRequest[] = [];
  /** Makes the next PUT fail with this status (409 answers `ConditionalRequestConflict`), then PUTs work again. */
  public injectPutStatus?: number;
  private readonly server: http.Server;
  /** Per Region, when the last `LookupEvents` requests were answered (the rate limit's window). */
  private readonly lookupTimes = new Map<string, number[]>();

  private constructor(private readonly options: LoopbackOptions) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    this.server.keepAliveTimeout = 1_000;
  }

  /** `http://127.0.0.1:<port>`: an IP, so that the SDK addresses buckets path-style. */
  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') return this.cloudTrail(target, req, body, res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [bucket, ...rest] = url.pathname.slice(1).split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
      return this.listObjectsV2(decodeURIComponent(bucket), url.searchParams, res);
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && bucket && key) {
      return this.getObject(decodeURIComponent(bucket), key, req.method === 'HEAD', res);
    }
    if (req.method === 'PUT' && bucket && key && [...url.searchParams.keys()].every((name) => name === 'x-id')) {
      return this.putObject(decodeURIComponent(bucket), key, req, body, res);
    }
    this.requests.push({ operation: 'Unsupported', status: 501 });
    sendXmlError(res, 501, 'NotImplemented', `${req.method} ${req.url} is not implemented by the loopback server`);
  }

  private async listObjectsV2(bucket: string, params: URLSearchParams, res: http.ServerResponse): Promise<void> {
    const prefix = params.get('prefix') ?? '';
    const delimiter = params.get('delimiter') ?? '';
    const startAfter = params.get('start-after') ?? '';
    const token = params.get('continuation-token');
    const marker = token ? Buffer.from(token, 'base64url').toString('utf8') : startAfter;
    const maxKeys = Math.min(Number(params.get('max-keys') ?? 1000), this.options.pageSize ?? 1000);
    const keys = (await this.options.store.listKeys(bucket, prefix)).sort();

    const contents: string[] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    let truncated = false;
    for (const key of keys) {
      if (marker && (key <= marker || (marker.endsWith(delimiter) && delimiter !== '' && key.startsWith(marker)))) continue;
      const rest = key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      const entry = cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : key;
      if (entry === last) continue;
      if (contents.length + commonPrefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      (cut >= 0 ? commonPrefixes : contents).push(entry);
      last = entry;
    }
    this.requests.push({ operation: 'ListObjectsV2', bucket, prefix, delimiter, status: 200 });
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<ListBucketResult xmlns="${S3_NS}">`,
      `<Name>${escapeXml(bucket)}</Name>`,
      `<Prefix>${escapeXml(prefix)}</Prefix>`,
      delimiter ? `<Delimiter>${escapeXml(delimiter)}</Delimiter>` : '',
      startAfter ? `<StartAfter>${escapeXml(startAfter)}</StartAfter>` : '',
      token ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '',
      `<MaxKeys>${maxKeys}</MaxKeys>`,
      `<KeyCount>${contents.length + commonPrefixes.length}</KeyCount>`,
      `<IsTruncated>${truncated}</IsTruncated>`,
      truncated && last ? `<NextContinuationToken>${Buffer.from(last, 'utf8').toString('base64url')}</NextContinuationToken>` : '',
      ...contents.map((key) => `<Contents><Key>${escapeXml(key)}</Key><LastModified>${LAST_MODIFIED.toISOString()}</LastModified>`
        + `<ETag>&quot;${etagOf(key)}&quot;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>`),
      ...commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${escapeXml(p)}</Prefix></CommonPrefixes>`),
      '</ListBucketResult>',
    ].join('');
    send(res, 200, { 'content-type': 'application/xml' }, xml);
  }

  private async getObject(bucket: string, key: string, head: boolean, res: http.ServerResponse): Promise<void> {
    const operation = head ? 'HeadObject' : 'GetObject';
    const object = await this.options.store.getObject(bucket, key);
    const status = object.state === ObjectState.FOUND ? 200 : object.state === ObjectState.NOT_FOUND ? 404 : 403;
    this.requests.push({ operation, bucket, key, status });
    if (object.state !== ObjectState.FOUND) {
      const [code, message] = object.state === ObjectState.NOT_FOUND ? ['NoSuchKey', 'The specified key does not exist.']
        : object.state === ObjectState.ARCHIVED ? ['InvalidObjectState', 'The operation is not valid for the object\'s storage class']
          : ['AccessDenied', 'Access Denied'];
      // S3 answers HEAD errors without a body.
      if (head) return send(res, status, {}, '');
      return sendXmlError(res, status, code, message, key);
    }
    const bytes = Buffer.from(object.body!);
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      // How S3 serves CloudTrail's files; the SDK must not decompress them (the core hashes them strictly).
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      'content-length': bytes.length,
      'etag': `"${createHash('md5').update(bytes).digest('hex')}"`,
      'last-modified': LAST_MODIFIED.toUTCString(),
      'accept-ranges': 'bytes',
    };
    for (const [name, value] of Object.entries(object.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
    res.writeHead(200, headers);
    res.end(head ? undefined : bytes);
  }

  private async putObject(bucket: string, key: string, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const store = this.options.store as Partial<MemoryStore>;
    if (typeof store.put !== 'function') throw new Error('test bug: PUT needs a MemoryStore');
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    const detail = ifMatch ? `If-Match ${ifMatch}` : ifNoneMatch ? `If-None-Match ${ifNoneMatch}` : undefined;
    const record = (status: number) => this.requests.push({ operation: 'PutObject', bucket, key, status, ...(detail ? { detail } : {}) });
    if (this.injectPutStatus !== undefined) {
      const status = this.injectPutStatus;
      this.injectPutStatus = undefined;
      record(status);
      return sendXmlError(res, status, status === 409 ? 'ConditionalRequestConflict' : 'InternalError', 'Injected by the test', key);
    }
    const existing = await this.options.store.getObject(bucket, key);
    const exists = existing.state !== ObjectState.NOT_FOUND;
    const currentEtag = existing.body ? `"${md5(existing.body)}"` : undefined;
    if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
      record(501);
      return sendXmlError(res, 501, 'NotImplemented', 'If-None-Match accepts only *', key);
    }
    if (ifNoneMatch === '*' && exists) {
      record(412);
      return sendXmlError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', key);
    }
    if (ifMatch !== undefined && !exists) {
      record(404);
      return sendXmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.', key);
    }
    if (ifMatch !== undefined && ifMatch !== currentEtag) {
      record(412);
      return sendXmlError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', key);
    }
    const metadata = Object.fromEntries(Object.entries(req.headers)
      .filter(([name]) => name.startsWith('x-amz-meta-'))
      .map(([name, value]) => [name.slice('x-amz-meta-'.length), String(value)]));
    store.put(bucket, key, body, metadata);
    record(200);
    send(res, 200, { etag: `"${md5(body)}"` }, '');
  }

  private cloudTrail(target: string, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/cloudtrail\//.exec(String(req.headers.authorization ?? ''))?.[1];
    const operation = target.split('.').pop()!;
    if (this.options.deny?.includes(operation)) {
      this.requests.push({ operation: operation === 'LookupEvents' || operation === 'ListPublicKeys' ? operation : 'Unsupported', status: 400, ...(region ? { region } : {}) });
      return sendJsonError(res, 400, 'AccessDeniedException', `User is not authorized to perform: cloudtrail:${operation}`);
    }
    if (operation === 'LookupEvents') return this.lookupEvents(region ?? '', body, res);
    if (!target.endsWith('.ListPublicKeys')) {
      this.requests.push({ operation: 'Unsupported', status: 400, ...(region ? { region } : {}) });
      return sendJsonError(res, 400, 'UnsupportedOperationException', `${target} is not implemented by the loopback server`);
    }
    const input = JSON.parse(body.length ? body.toString('utf8') : '{}') as { StartTime?: number; EndTime?: number };
    const start = input.StartTime !== undefined ? input.StartTime * 1000 : -Infinity;
    const end = input.EndTime !== undefined ? input.EndTime * 1000 : Infinity;
    const keys = (this.options.publicKeys[region ?? ''] ?? [])
      .filter((k) => k.validityStartTime.getTime() <= end && k.validityEndTime.getTime() >= start);
    this.requests.push({ operation: 'ListPublicKeys', status: 200, ...(region ? { region } : {}) });
    send(res, 200, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify({
      PublicKeyList: keys.map((k) => ({
        Value: Buffer.from(k.value).toString('base64'),
        ValidityStartTime: k.validityStartTime.getTime() / 1000,
        ValidityEndTime: k.validityEndTime.getTime() / 1000,
        Fingerprint: k.fingerprint,
      })),
    }));
  }

  private lookupEvents(region: string, body: Buffer, res: http.ServerResponse): void {
    const now = Date.now();
    const recent = (this.lookupTimes.get(region) ?? []).filter((time) => now - time < 1000);
    const input = JSON.parse(body.length ? body.toString('utf8') : '{}') as {
      LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
      StartTime?: number;
      EndTime?: number;
      MaxResults?: number;
      NextToken?: string;
    };
    const eventName = input.LookupAttributes?.[0]?.AttributeValue;
    const record = (status: number) => this.requests.push({ operation: 'LookupEvents', status, region, at: now, ...(eventName ? { detail: eventName } : {}) });
    if (recent.length >= 2) {
      record(400);
      this.lookupTimes.set(region, recent);
      return sendJsonError(res, 400, 'ThrottlingException', 'Rate exceeded');
    }
    this.lookupTimes.set(region, [...recent, now]);
    const attributes = input.LookupAttributes ?? [];
    if (attributes.length > 1 || attributes.some((a) => a.AttributeKey !== 'EventName')) {
      record(400);
      return sendJsonError(res, 400, 'InvalidLookupAttributesException', 'the loopback server supports one EventName lookup attribute');
    }
    const start = input.StartTime !== undefined ? input.StartTime * 1000 : -Infinity;
    const end = input.EndTime !== undefined ? input.EndTime * 1000 : Infinity;
    const matching = (this.options.events?.[region] ?? [])
      .filter((e) => (eventName === undefined || e.eventName === eventName) && e.eventTime.getTime() >= start && e.eventTime.getTime() <= end)
      .sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime());
    const offset = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64url').toString('utf8')) : 0;
    const pageSize = Math.min(input.MaxResults ?? 50, 50, this.options.pageSize ?? 50);
    const page = matching.slice(offset, offset + pageSize);
    const next = offset + pageSize < matching.length ? Buffer.from(String(offset + pageSize), 'utf8').toString('base64url') : undefined;
    record(200);
    send(res, 200, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify({
      Events: page.map((e) => ({
        EventId: e.eventId,
        EventName: e.eventName,
        ReadOnly: 'false',
        EventTime: e.eventTime.getTime() / 1000,
        EventSource: 'cloudtrail.amazonaws.com',
        Resources: e.resources ?? [],
        CloudTrailEvent: JSON.stringify(e.record),
      })),
      ...(next ? { NextToken: next } : {}),
    }));
  }
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: string): void {
  res.writeHead(status, { 'x-amz-request-id': 'LOOPBACK', ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendXmlError(res: http.ServerResponse, status: number, code: string, message: string, key?: string): void {
  send(res, status, { 'content-type': 'application/xml' }, '<?xml version="1.0" encoding="UTF-8"?>'
    + `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${key ? `<Key>${escapeXml(key)}</Key>` : ''}`
    + '<RequestId>LOOPBACK</RequestId></Error>');
}

function sendJsonError(res: http.ServerResponse, status: number, type: string, message: string): void {
  send(res, status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type }, JSON.stringify({ __type: type, message }));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '\'': '&apos;', '"': '&quot;' })[c]!);
}

function etagOf(key: string): string {
  return createHash('md5').update(key).digest('hex');
}
