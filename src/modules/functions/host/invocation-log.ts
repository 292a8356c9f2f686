// One guest's log stream: tags every line with its request, caps what one invocation may keep, keeps the tail.
import type { Clock } from '../../../kernel/clock.js';
import type { LogRecord, LogSink } from '../ports.js';

export const LOG_TAIL_BYTES = 4096;

export interface LogStreamIdentity {
  readonly functionName: string;
  readonly version: string;
  readonly logStream: string;
}

export class InvocationLog {
  private requestId = '';
  private keptBytes = 0;
  private droppedBytes = 0;
  private tail: string[] = [];
  private tailBytes = 0;
  private batch: LogRecord[] = [];

  constructor(
    private readonly identity: LogStreamIdentity,
    private readonly sink: LogSink,
    private readonly clock: Clock,
    private readonly capBytes: number,
  ) {}

  /** Lines from now on belong to `requestId` (init output included, for a cold start). */
  begin(requestId: string): void {
    // Output that outran the previous invocation's END was dropped there too; say so before moving on.
    this.noteTruncation();
    this.requestId = requestId;
    this.keptBytes = 0;
    this.droppedBytes = 0;
    this.tail = [];
    this.tailBytes = 0;
  }

  /** A line the handler printed; dropped (and counted) once the invocation's cap is reached. */
  output(line: Buffer): void {
    if (this.keptBytes + line.length > this.capBytes) {
      this.droppedBytes += line.length + 1;
      return;
    }
    this.keptBytes += line.length + 1;
    this.record(line.toString('utf8'));
  }

  /** A line of the platform's own (START, END, REPORT, timeouts); never dropped. */
  platform(message: string): void {
    this.record(message);
  }

  /** Notes dropped output, once, before END. */
  noteTruncation(): void {
    if (this.droppedBytes === 0) return;
    this.record(
      `[scones] log output truncated: ${this.droppedBytes} bytes dropped after the limit of ${this.capBytes} bytes per invocation`,
    );
    this.droppedBytes = 0;
  }

  flush(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.sink.write(batch);
  }

  /** The last 4 KB of this invocation's log. */
  tailText(): string {
    const text = this.tail.join('');
    const bytes = Buffer.from(text, 'utf8');
    return bytes.length <= LOG_TAIL_BYTES
      ? text
      : bytes.subarray(bytes.length - LOG_TAIL_BYTES).toString('utf8');
  }

  private record(message: string): void {
    this.batch.push({ ...this.identity, requestId: this.requestId, timestamp: this.clock.now(), message });
    this.keepTail(`${message}\n`);
  }

  private keepTail(text: string): void {
    const kept = text.length > LOG_TAIL_BYTES ? text.slice(-LOG_TAIL_BYTES) : text;
    this.tail.push(kept);
    this.tailBytes += Buffer.byteLength(kept, 'utf8');
    for (let first = this.tail[0]; first !== undefined && this.tail.length > 1; first = this.tail[0]) {
      const firstBytes = Buffer.byteLength(first, 'utf8');
      if (this.tailBytes - firstBytes < LOG_TAIL_BYTES) break;
      this.tail.shift();
      this.tailBytes -= firstBytes;
    }
  }
}
