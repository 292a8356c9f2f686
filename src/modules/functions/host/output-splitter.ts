// Splits a guest's merged stdout/stderr into lines and spots the log barrier the guest writes after each phase.

export interface OutputHandler {
  line(bytes: Buffer): void;
  barrier(): void;
}

export class OutputSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly token: Buffer,
    private readonly maxLineBytes: number,
    private readonly handler: OutputHandler,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, newline));
      this.finishLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
    if (this.pendingBytes > this.maxLineBytes) this.flushLongLine();
  }

  /** Emits a last unterminated line (the process ended). */
  end(): void {
    if (this.pendingBytes > 0) this.finishLine();
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private takePending(): Buffer {
    const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return all;
  }

  private finishLine(): void {
    const line = this.takePending();
    if (
      line.length >= this.token.length &&
      line.subarray(line.length - this.token.length).equals(this.token)
    ) {
      if (line.length > this.token.length)
        this.handler.line(line.subarray(0, line.length - this.token.length));
      this.handler.barrier();
      return;
    }
    this.handler.line(line);
  }

  // A line longer than the limit is cut, keeping enough of its end to still recognise a barrier.
  private flushLongLine(): void {
    const all = this.takePending();
    const keep = this.token.length - 1;
    this.handler.line(all.subarray(0, all.length - keep));
    this.append(all.subarray(all.length - keep));
  }
}
