// Buffers capture records per destination folder and writes each buffer as a new object at least every
// flush interval: a file is one complete write (the store's writes are atomic), so no file holds a partial
// line, and a crash (kill -9) loses only the records of the interval not yet flushed.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.js';
import { errorMessage } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/logger.js';
import type { ObjectStore } from '../../storage/index.js';
import type { CaptureAuthorizer, CaptureFailure, CaptureFailureListener } from './capture-access.js';
import { type CaptureEvent, captureFileName, captureFolder, captureLine } from './capture-record.js';

export interface CaptureOptions {
  readonly flushMs: number;
  /** Past this many buffered bytes new records are dropped (and counted) until the next flush. */
  readonly maxBufferedBytes: number;
}

/** Where an endpoint's records go, and the role they are written as. */
export interface CaptureDestination {
  readonly bucket: string;
  readonly prefix: string;
  readonly executionRoleArn: string | undefined;
}

export interface CaptureAccess {
  /** Absent (auth off): every write is made. */
  readonly authorizer?: CaptureAuthorizer | undefined;
  readonly failureListeners?: readonly CaptureFailureListener[] | undefined;
}

export interface CaptureStats {
  readonly captured: number;
  readonly dropped: number;
  readonly files: number;
  readonly failedWrites: number;
  /** Files the endpoint's execution role may not write (their records are counted in `dropped` too). */
  readonly deniedWrites: number;
}

interface Buffered {
  readonly endpoint: string;
  readonly variant: string;
  readonly executionRoleArn: string | undefined;
  readonly bucket: string;
  readonly folder: string;
  readonly firstTime: number;
  /** Encoded lines, newline included: bytes outside the JS heap, so a second of records costs no old-space GC. */
  readonly lines: Buffer[];
}

export class CaptureWriter {
  #buffers = new Map<string, Buffered>();
  #bufferedBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #stats = { captured: 0, dropped: 0, files: 0, failedWrites: 0, deniedWrites: 0 };

  constructor(
    private readonly store: ObjectStore,
    private readonly options: CaptureOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly access: CaptureAccess = {},
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.options.flushMs);
    this.#timer.unref();
  }

  get stats(): CaptureStats {
    return { ...this.#stats };
  }

  add(destination: CaptureDestination, event: CaptureEvent): void {
    const line = Buffer.from(`${captureLine(event)}\n`);
    if (this.#bufferedBytes + line.length > this.options.maxBufferedBytes) {
      this.#stats.dropped++;
      return;
    }
    const folder = captureFolder(destination.prefix, event.endpoint, event.variant, event.time);
    // The role is part of the key: records deployed under another role are never written as this one.
    const key = `${destination.executionRoleArn ?? ''} ${destination.bucket}/${folder}`;
    const buffer = this.#buffers.get(key) ?? {
      endpoint: event.endpoint,
      variant: event.variant,
      executionRoleArn: destination.executionRoleArn,
      bucket: destination.bucket,
      folder,
      firstTime: event.time,
      lines: [],
    };
    if (buffer.lines.length === 0) this.#buffers.set(key, buffer);
    buffer.lines.push(line);
    this.#bufferedBytes += line.length;
    this.#stats.captured++;
  }

  /** Writes everything buffered so far; flushes run one after another. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#writeAll());
    return this.#flushing;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  async #writeAll(): Promise<void> {
    const buffers = [...this.#buffers.values()];
    this.#buffers = new Map();
    this.#bufferedBytes = 0;
    for (const buffer of buffers) await this.#write(buffer);
  }

  async #write(buffer: Buffered): Promise<void> {
    const key = `${buffer.folder}${captureFileName(buffer.firstTime || this.clock.now(), randomUUID())}`;
    const write = {
      endpoint: buffer.endpoint,
      variant: buffer.variant,
      executionRoleArn: buffer.executionRoleArn,
      bucket: buffer.bucket,
      key,
    };
    try {
      await this.access.authorizer?.authorizeWrite(write);
    } catch (error) {
      this.#stats.deniedWrites++;
      this.#lost({ ...write, reason: 'denied', records: buffer.lines.length, at: this.clock.now() }, error);
      return;
    }
    try {
      await this.store.ensureBucket(buffer.bucket);
      await this.store.putObject(buffer.bucket, key, Buffer.concat(buffer.lines), {
        contentType: 'application/jsonlines',
      });
      this.#stats.files++;
    } catch (error) {
      this.#stats.failedWrites++;
      this.#lost({ ...write, reason: 'failed', records: buffer.lines.length, at: this.clock.now() }, error);
    }
  }

  /** A file not written: its records are dropped, logged as a capture error and told to the listeners. */
  #lost(failure: CaptureFailure, error: unknown): void {
    this.#stats.dropped += failure.records;
    const { endpoint, variant, executionRoleArn, bucket, key, reason } = failure;
    const where = { endpoint, variant, executionRoleArn, bucket, key, records: failure.records };
    // A refusal is an expected outcome of a policy, not a bug: its reason, without a stack trace.
    if (reason === 'denied')
      this.logger.error(
        { ...where, reason: errorMessage(error) },
        'data capture write denied: the endpoint execution role may not write there',
      );
    else this.logger.error({ ...where, err: error }, 'could not write data capture file');
    for (const listener of this.access.failureListeners ?? []) {
      try {
        listener.onCaptureFailure(failure);
      } catch (listenerError) {
        this.logger.error({ err: listenerError }, 'a capture failure listener failed');
      }
    }
  }
}
