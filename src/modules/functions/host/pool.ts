// The warm workers of one function version: idle ones are reused newest-first and retired after idling.
import type { FunctionVersion } from '../model.js';
import { ColdStartGate } from './cold-start-gate.js';
import type { Worker } from './worker.js';

export interface WorkerInfo {
  readonly pid: number;
  readonly busy: boolean;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly workers = new Set<Worker>();
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private closed = false;
  readonly coldStarts: ColdStartGate;

  constructor(
    readonly fn: FunctionVersion,
    private readonly idleTimeoutMs: number,
    coldStartLimit: number,
  ) {
    this.coldStarts = new ColdStartGate(coldStartLimit);
  }

  /** A warm worker, if one is idle. */
  takeIdle(): Worker | undefined {
    for (let worker = this.idle.pop(); worker; worker = this.idle.pop()) {
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      if (!worker.exited) return worker;
    }
    return undefined;
  }

  adopt(worker: Worker): void {
    this.workers.add(worker);
    worker.onExit(() => this.forget(worker));
  }

  /** Returns a worker after an invocation; a closed pool or a dead worker is not kept. */
  release(worker: Worker): void {
    if (this.closed || worker.exited) {
      this.discard(worker);
      return;
    }
    this.idle.push(worker);
    const timer = setTimeout(() => this.discard(worker), this.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(worker, timer);
    this.coldStarts.nudge();
  }

  discard(worker: Worker): void {
    this.forget(worker);
    worker.kill('recycle');
  }

  /** Stops reuse: idle workers die now, busy ones when released. */
  close(): void {
    this.closed = true;
    for (const worker of [...this.idle]) this.discard(worker);
    this.coldStarts.nudge();
  }

  /** Kills every worker, busy ones included (their invocations end as exits). */
  destroy(): void {
    this.close();
    for (const worker of [...this.workers]) this.discard(worker);
  }

  info(): WorkerInfo[] {
    return [...this.workers].map((worker) => ({ pid: worker.pid, busy: !this.idle.includes(worker) }));
  }

  private forget(worker: Worker): void {
    this.workers.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index !== -1) this.idle.splice(index, 1);
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
  }
}
