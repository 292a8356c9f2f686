// Reads a POST object's multipart/form-data body as S3 does: the fields before `file` (small, kept in memory),
// then the file's bytes as a stream up to the closing boundary. Fields after `file` are ignored, as in S3.
import { s3Error } from './s3-errors.js';

export interface PostForm {
  /** Field names lower-cased (S3 matches them without case), values as sent. */
  readonly fields: ReadonlyMap<string, string>;
  readonly fileName: string | undefined;
  readonly fileContentType: string | undefined;
  readonly file: AsyncIterable<Uint8Array>;
}

/** The form fields besides the file (policy, key, x-amz-*, metadata) fit well under this. */
const MAX_FIELDS_BYTES = 64 * 1024;

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

class Buffered {
  buffer = Buffer.alloc(0);
  read = 0;
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  async fill(): Promise<boolean> {
    const next = await this.source.next();
    if (next.done) return false;
    this.buffer = Buffer.concat([this.buffer, next.value]);
    return true;
  }

  /** The bytes before `delimiter`, consuming both; counted against the fields' limit. */
  async until(delimiter: Buffer): Promise<Buffer> {
    for (;;) {
      const at = this.buffer.indexOf(delimiter);
      if (at >= 0) {
        const head = this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + delimiter.length);
        this.read += at + delimiter.length;
        return head;
      }
      if (this.read + this.buffer.length > MAX_FIELDS_BYTES)
        throw malformed('the form fields before the file are too large');
      if (!(await this.fill())) throw malformed('the form ends before its closing boundary');
    }
  }

  async take(count: number): Promise<Buffer> {
    while (this.buffer.length < count) if (!(await this.fill())) throw malformed('the form ends early');
    const head = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return head;
  }

  /** Streams the bytes before `delimiter`, then reads the rest of the body away. */
  async *stream(delimiter: Buffer): AsyncGenerator<Uint8Array> {
    for (;;) {
      const at = this.buffer.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield this.buffer.subarray(0, at);
        this.buffer = Buffer.alloc(0);
        while (await this.fill()) this.buffer = Buffer.alloc(0);
        return;
      }
      const keep = delimiter.length;
      if (this.buffer.length > keep) {
        yield this.buffer.subarray(0, this.buffer.length - keep);
        this.buffer = this.buffer.subarray(this.buffer.length - keep);
      }
      if (!(await this.fill())) throw malformed('the file ends before the closing boundary');
    }
  }
}

export async function readPostForm(body: AsyncIterable<Uint8Array>, boundary: string): Promise<PostForm> {
  const reader = new Buffered(body[Symbol.asyncIterator]());
  const dash = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  await reader.until(dash);
  const fields = new Map<string, string>();
  for (;;) {
    const after = (await reader.take(2)).toString('latin1');
    if (after === '--') break;
    if (after !== '\r\n') throw malformed('a boundary is not followed by CRLF');
    const headers = parseHeaders((await reader.until(Buffer.from('\r\n\r\n'))).toString('utf8'));
    const name = /\bname="([^"]*)"/i.exec(headers.get('content-disposition') ?? '')?.[1];
    if (name === undefined) throw malformed('a form part has no name');
    if (name.toLowerCase() === 'file') {
      const fileName = /\bfilename="([^"]*)"/i.exec(headers.get('content-disposition') ?? '')?.[1];
      return { fields, fileName, fileContentType: headers.get('content-type'), file: reader.stream(next) };
    }
    fields.set(name.toLowerCase(), (await reader.until(next)).toString('utf8'));
  }
  throw s3Error('INVALID_ARGUMENT', 'POST requires exactly one file upload per request.');
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function malformed(why: string) {
  return s3Error(
    'MALFORMED_POST',
    `The body of your POST request is not well-formed multipart/form-data: ${why}`,
  );
}
