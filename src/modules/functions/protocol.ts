// The typed messages a function host and its guest process exchange on their private channel.
//
// The channel is file descriptor 3 of the guest (never stdout/stderr, which belong to the handler's logs).
// Each frame is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON of one message.
// Payloads (events, results, errors) travel as JSON text so the guest's own serialiser decides their bytes,
// exactly as an AWS runtime does.

/** File descriptor of the protocol channel inside the guest. */
export const CHANNEL_FD = 3;
/** Size of the frame length prefix. */
export const FRAME_HEADER_BYTES = 4;
/** Environment variable carrying the log barrier token; the guest deletes it before loading user code. */
export const BARRIER_ENV = 'SCONES_LOG_BARRIER';

/** Host -> guest: run the handler once. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event as JSON text. */
  readonly event: string;
  /** Epoch milliseconds after which the host kills the guest. */
  readonly deadlineMs: number;
  readonly invokedFunctionArn: string;
  /** Base64 JSON of the client context, as Lambda's X-Amz-Client-Context carries it. */
  readonly clientContext?: string;
}

export type HostMessage = InvokeMessage;

/** Guest -> host: the handler module loaded; the guest now waits for invocations. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly initDurationMs: number;
  /** Whether the log barrier was written to the output after init. */
  readonly barrier: boolean;
}

/** Guest -> host: loading the handler failed; the guest exits after sending this. */
export interface InitErrorMessage {
  readonly type: 'init-error';
  readonly errorType: string;
  /** The error payload as JSON text, shaped as the AWS runtime of this language shapes it. */
  readonly payload: string;
  readonly barrier: boolean;
}

/** Guest -> host: the handler returned; `payload` is the serialised result. */
export interface ResultMessage {
  readonly type: 'result';
  readonly requestId: string;
  readonly payload: string;
  readonly barrier: boolean;
}

/** Guest -> host: the handler failed (or its result could not be serialised). */
export interface ErrorMessage {
  readonly type: 'error';
  readonly requestId: string;
  readonly errorType: string;
  readonly payload: string;
  readonly barrier: boolean;
  /** True when the guest is about to exit (uncaught exception) and must not be reused. */
  readonly fatal: boolean;
}

export type GuestMessage = ReadyMessage | InitErrorMessage | ResultMessage | ErrorMessage;

/** Frames one message for the channel. */
export function encodeFrame(message: HostMessage | GuestMessage): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

/** Reassembles frames from a byte stream; `push` returns every message completed by the chunk. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk);
    this.length += chunk.length;
    const messages: unknown[] = [];
    for (;;) {
      const size = this.nextFrameSize();
      if (size === undefined || this.length < FRAME_HEADER_BYTES + size) return messages;
      // Concatenate only once a whole frame is there, so a large frame costs one copy.
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
      messages.push(JSON.parse(all.toString('utf8', FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + size)));
      const rest = all.subarray(FRAME_HEADER_BYTES + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.length = rest.length;
    }
  }

  private nextFrameSize(): number | undefined {
    if (this.length < FRAME_HEADER_BYTES) return undefined;
    if ((this.chunks[0] as Buffer).length < FRAME_HEADER_BYTES) this.chunks = [Buffer.concat(this.chunks)];
    const size = (this.chunks[0] as Buffer).readUInt32BE(0);
    if (size > this.maxFrameBytes)
      throw new RangeError(`frame of ${size} bytes exceeds ${this.maxFrameBytes}`);
    return size;
  }
}
