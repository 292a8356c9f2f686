// One guest process: spawns it, reads its channel and output, watches its memory, and kills it.
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import { encodeFrame, FrameDecoder, type GuestMessage, type HostMessage } from '../protocol.js';
import type { GuestCgroup } from './cgroups.js';
import { EventQueue } from './event-queue.js';
import type { InvocationLog } from './invocation-log.js';
import { type MemoryUse, readMemoryUse, readTreeMemoryUse } from './memory.js';
import { OutputSplitter } from './output-splitter.js';
import type { Launch } from './sandbox.js';

export type WorkerEvent =
  | { readonly kind: 'message'; readonly message: GuestMessage }
  | { readonly kind: 'barrier' }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly kind: 'memory' }
  | { readonly kind: 'oversized' };

export interface WorkerSpec {
  readonly launch: Launch;
  readonly env: Record<string, string>;
  readonly cwd: string;
  readonly log: InvocationLog;
  readonly logStream: string;
  readonly barrier: string;
  readonly maxFrameBytes: number;
  readonly memoryLimitBytes: number;
  readonly memoryPollMs: number;
  /**
   * How the guest's memory is read and its processes are killed: `process` (the guest process alone, its process
   * group on kill), `tree` (it and every descendant, for a sandbox without cgroups) or its cgroup (the whole tree,
   * wherever its processes went).
   */
  readonly confinement: 'process' | 'tree' | GuestCgroup;
  /** The launcher reports a guest killed by signal N as exit status 128 + N (bwrap's init does). */
  readonly signalAsStatus?: boolean;
}

const MAX_LINE_BYTES = 256 * 1024;
const DIAGNOSTIC_BYTES = 4096;
// After exit, how long output held open by a stray grandchild may still be read.
const OUTPUT_DRAIN_MS = 300;

export class Worker {
  readonly events = new EventQueue<WorkerEvent>();
  readonly log: InvocationLog;
  readonly logStream: string;
  /** Set once the process has exited; the pool drops the worker. */
  exited = false;
  /** Why the host killed it, when it did. */
  killedFor: 'memory' | 'timeout' | 'oversized' | 'recycle' | undefined;
  private barriersSeen = 0;
  private barriersExpected = 0;
  private peakBytes = 0;
  private diagnostics = '';
  private memoryTimer: NodeJS.Timeout | undefined;
  private readonly child: ChildProcess;
  private readonly channel: Duplex;
  private readonly exitListeners: Array<() => void> = [];

  constructor(private readonly spec: WorkerSpec) {
    this.log = spec.log;
    this.logStream = spec.logStream;
    this.child = spawn(spec.launch.command, [...spec.launch.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.channel = this.child.stdio[3] as Duplex;
    this.wireChannel();
    this.wireOutput();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Launcher errors (sandbox, missing interpreter) captured from its stderr. */
  get launchDiagnostics(): string {
    return this.diagnostics.trim();
  }

  send(message: HostMessage): void {
    this.channel.write(encodeFrame(message));
  }

  onExit(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  /** The guest announced a barrier after the phase that just ended. */
  expectBarrier(): void {
    this.barriersExpected += 1;
  }

  /** Waits until output up to the last expected barrier has been read (or the process ended, or time ran out). */
  async drainOutput(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.barriersSeen < this.barriersExpected && !this.exited) {
      const event = await this.events.take(until - Date.now());
      if (event === undefined) return;
      if (event.kind === 'exit') {
        this.events.push(event);
        return;
      }
    }
  }

  watchMemory(on: boolean): void {
    clearInterval(this.memoryTimer);
    this.memoryTimer = on ? setInterval(() => this.checkMemory(), this.spec.memoryPollMs) : undefined;
    this.memoryTimer?.unref();
  }

  /** Peak resident memory in MB, as Lambda's "Max Memory Used". */
  peakMemoryMb(): number {
    const use = this.exited ? undefined : this.readMemory();
    if (use) this.peakBytes = Math.max(this.peakBytes, use.peakBytes);
    return Math.ceil(this.peakBytes / (1024 * 1024));
  }

  /** Whether the kernel's OOM killer killed any process of the guest (a subprocess over the limit, say). */
  oomKilled(): boolean {
    const confinement = this.spec.confinement;
    return typeof confinement === 'object' && confinement.oomKills() > 0;
  }

  kill(reason: NonNullable<Worker['killedFor']>): void {
    this.killedFor ??= reason;
    this.watchMemory(false);
    if (this.exited) return;
    try {
      // The guest leads its own process group: its children go too.
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
    // A cgroup also holds what left the group (setsid, double forks).
    if (typeof this.spec.confinement === 'object') this.spec.confinement.killAll();
  }

  private readMemory(): MemoryUse | undefined {
    const confinement = this.spec.confinement;
    if (confinement === 'process') return readMemoryUse(this.pid);
    if (confinement === 'tree') return readTreeMemoryUse(this.pid);
    const tree = confinement.memory();
    return tree && { rssBytes: tree.usedBytes, peakBytes: tree.usedBytes };
  }

  private checkMemory(): void {
    const use = this.readMemory();
    if (!use) return;
    this.peakBytes = Math.max(this.peakBytes, use.peakBytes);
    if (use.rssBytes > this.spec.memoryLimitBytes || this.oomKilled()) {
      this.kill('memory');
      this.events.push({ kind: 'memory' });
    }
  }

  private wireChannel(): void {
    const decoder = new FrameDecoder(this.spec.maxFrameBytes);
    this.channel.on('data', (chunk: Buffer) => {
      try {
        for (const message of decoder.push(chunk))
          this.events.push({ kind: 'message', message: message as GuestMessage });
      } catch {
        this.channel.destroy();
        this.kill('oversized');
        this.events.push({ kind: 'oversized' });
      }
    });
    this.channel.on('error', () => {});
  }

  private wireOutput(): void {
    const splitter = new OutputSplitter(Buffer.from(this.spec.barrier), MAX_LINE_BYTES, {
      line: (bytes) => this.log.output(bytes),
      barrier: () => {
        this.barriersSeen += 1;
        this.events.push({ kind: 'barrier' });
      },
    });
    const stdout = this.child.stdout;
    const outputClosed = new Promise<void>((resolve) => {
      if (!stdout) return resolve();
      stdout.on('data', (chunk: Buffer) => {
        splitter.push(chunk);
        this.log.flush();
      });
      stdout.on('close', () => resolve());
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      if (this.diagnostics.length < DIAGNOSTIC_BYTES) this.diagnostics += chunk.toString('utf8');
    });
    this.wireExit(outputClosed, () => splitter.end());
  }

  /** Reports the exit once the output is read (or a stray grandchild kept it open too long). */
  private wireExit(outputClosed: Promise<void>, endOutput: () => void): void {
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      const drained = new Promise<void>((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS).unref());
      void Promise.race([outputClosed, drained]).then(() => {
        endOutput();
        this.log.flush();
        this.exited = true;
        this.watchMemory(false);
        this.channel.destroy();
        this.events.push({ kind: 'exit', code, signal });
        for (const listener of this.exitListeners) listener();
      });
    };
    // A launcher that cannot even start reports an error and no exit.
    this.child.on('error', () => {
      if (this.child.pid === undefined) end(null, null);
    });
    this.child.on('exit', (code, signal) => end(...this.decodeExit(code, signal)));
  }

  private decodeExit(
    code: number | null,
    signal: NodeJS.Signals | null,
  ): [number | null, NodeJS.Signals | null] {
    if (!this.spec.signalAsStatus || code === null || code <= 128) return [code, signal];
    const name = Object.entries(os.constants.signals).find(([, number]) => number === code - 128)?.[0];
    return name ? [null, name as NodeJS.Signals] : [code, signal];
  }
}
