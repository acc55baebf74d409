import { createHash } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { ObjectState, ObjectStore } from '../../../src/integrity/ports';
import { CloudTrailPublicKey } from '../../../src/integrity/public-key';

/**
 * A dependency-free S3 + CloudTrail endpoint on loopback, enough for the validator's calls, spoken over real HTTP
 * so that an unmodified AWS SDK v3 client (in another process: the CLI) can be pointed at it with
 * `AWS_ENDPOINT_URL=http://127.0.0.1:<port>`:
 *
 * - S3, path-style (`/bucket/key`): `ListObjectsV2` (`list-type=2`) with `prefix`, `delimiter` (CommonPrefixes),
 *   `start-after`, `max-keys` and `continuation-token` paging; `GetObject` and `HeadObject` with `x-amz-meta-*`
 *   headers and `Content-Encoding: gzip` as CloudTrail objects are served; S3's XML errors `NoSuchKey` (404),
 *   `AccessDenied` (403) and `InvalidObjectState` (403) for objects in those states.
 * - CloudTrail, AWS JSON 1.1 (`X-Amz-Target: CloudTrail_20131101.ListPublicKeys`): the keys of the Region named in
 *   the request's SigV4 credential scope that overlap `[StartTime, EndTime]`, `Value` base64, times in epoch seconds.
 *
 * Signatures are not checked (any credentials work). The objects come from an `ObjectStore` (the tests' in-memory
 * store), so a test tampers with objects exactly as it does for the core's own tests.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html
 */
export interface LoopbackOptions {
  /** The objects, any bucket. */
  readonly store: ObjectStore;
  /** `ListPublicKeys` answers, by Region. */
  readonly publicKeys: Record<string, CloudTrailPublicKey[]>;
  /** Largest page `ListObjectsV2` returns (S3's is 1,000); small values exercise continuation tokens. */
  readonly pageSize?: number;
}

/** One request the server answered, for assertions on how the client listed and read. */
export interface RecordedRequest {
  readonly operation: 'ListObjectsV2' | 'GetObject' | 'HeadObject' | 'ListPublicKeys' | 'Unsupported';
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
  private readonly server: http.Server;

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
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      // How S3 serves CloudTrail's files; the SDK must not decompress them (the core hashes them strictly).
      'content-encoding': 'gzip',
      'content-length': bytes.length,
      'etag': `"${createHash('md5').update(bytes).digest('hex')}"`,
      'last-modified': LAST_MODIFIED.toUTCString(),
      'accept-ranges': 'bytes',
    };
    for (const [name, value] of Object.entries(object.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
    res.writeHead(200, headers);
    res.end(head ? undefined : bytes);
  }

  private cloudTrail(target: string, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/cloudtrail\//.exec(String(req.headers.authorization ?? ''))?.[1];
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
