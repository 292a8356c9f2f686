// A cgroup's flat-keyed file (memory.stat, memory.events, ...) read through a descriptor kept open: the host reads
// them on every invocation, and one pread costs a few microseconds where open/read/close costs several times that.
import { closeSync, openSync, readSync } from 'node:fs';

const BUFFER_BYTES = 8192;

export class CgroupFile {
  private fd: number | undefined;
  private readonly buffer = Buffer.alloc(BUFFER_BYTES);

  constructor(private readonly file: string) {}

  /** The named keys' values (0 when absent), or undefined when the file cannot be read (the cgroup is gone). */
  read(keys: readonly string[]): number[] | undefined {
    const text = this.text();
    if (text === undefined) return undefined;
    return keys.map((key) => keyValue(text, key));
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {}
    this.fd = undefined;
  }

  private text(): string | undefined {
    try {
      this.fd ??= openSync(this.file, 'r');
      // cgroup files regenerate their content on a read at offset 0.
      const size = readSync(this.fd, this.buffer, 0, BUFFER_BYTES, 0);
      return this.buffer.toString('latin1', 0, size);
    } catch {
      this.close();
      return undefined;
    }
  }
}

/** The number after `key ` at the start of a line, 0 when no line starts with it. */
function keyValue(text: string, key: string): number {
  const prefix = `${key} `;
  const line = text.startsWith(prefix) ? 0 : text.indexOf(`\n${prefix}`) + 1;
  if (line === 0 && !text.startsWith(prefix)) return 0;
  const end = text.indexOf('\n', line);
  return Number(text.slice(line + prefix.length, end === -1 ? undefined : end)) || 0;
}
