// The durable engine's side of the journal's claims: taking over executions nobody drives (after a crash, a
// release or a lapsed lease), loading them back into memory, and feeding their inbox events to the pump.
import type { Logger } from '../../../../kernel/logger.js';
import type { EventBody } from '../../asl/events.js';
import type { DefinitionCache } from './definition-cache.js';
import type { Candidate, ExecutionJournal, InboxRow } from './journal/execution-journal.js';
import type { ExecutionHost, LiveExecution } from './live-execution.js';
import { type EngineOwner, isOrphaned } from './owner.js';
import { restoreExecution } from './restore.js';

export interface ClaimsHost extends ExecutionHost {
  readonly journal: ExecutionJournal;
  readonly owner: EngineOwner;
  readonly logger: Logger;
  readonly definitions: DefinitionCache;
  /** The executions driven here, by ARN. */
  readonly executions: Map<string, LiveExecution>;
  isClosed(): boolean;
  leaseUntil(): number;
  /** The engine drives executions from now on: its polling and lease loops run. */
  driving(): void;
  submit(execution: LiveExecution, runId: string, body: EventBody, inboxSeq: number): Promise<void>;
}

export class ExecutionClaims {
  /** Inbox rows queued and not committed yet, so that a poll does not queue them twice. */
  private readonly inboxSeen = new Set<number>();

  constructor(private readonly host: ClaimsHost) {}

  /** Takes over every execution nobody drives (in pages), then reads the inbox of those driven here. */
  async scan(): Promise<void> {
    if (this.host.isClosed()) return;
    const now = this.host.now();
    let taken = 0;
    for (const row of await this.host.journal.candidates(this.host.owner)) {
      if (this.host.executions.has(row.arn) || !isOrphaned(row, this.host.owner, now)) continue;
      if (await this.take(row)) taken++;
    }
    if (taken > 0) this.host.logger.info({ executions: taken }, 'workflow engine took over executions');
    await this.pollInbox();
  }

  /** Takes over one execution if nobody else drives it. */
  async adopt(arn: string): Promise<boolean> {
    if (this.host.executions.has(arn)) return true;
    const row = await this.host.journal.candidate(arn);
    if (row === undefined || !isOrphaned(row, this.host.owner, this.host.now())) return false;
    return this.take(row);
  }

  async pollInbox(): Promise<void> {
    this.queueInbox(await this.host.journal.inbox(this.host.owner));
  }

  /** Inbox rows no longer in flight: consumed by a committed round, or skipped. */
  released(seqs: readonly number[]): void {
    for (const seq of seqs) this.inboxSeen.delete(seq);
  }

  /** Loads an execution this engine owns and drives it from its last committed round. */
  async resume(arn: string): Promise<void> {
    const { host } = this;
    const loaded = await host.journal.load(arn);
    // Only its owner drives an execution: after a round lost to another engine (its lease ran out), this one lets go.
    const mine = loaded?.row.status === 'RUNNING' && loaded.row.owner === host.owner.id;
    if (loaded === undefined || !mine || host.isClosed() || host.executions.has(arn)) return;
    const definition = host.definitions.parse(loaded.row.definition_hash, loaded.definition);
    const { execution, resume } = restoreExecution(loaded, definition, host);
    host.executions.set(arn, execution);
    host.logger.debug(
      { executionArn: arn, runs: loaded.runs.length, tasks: loaded.tasks.length },
      'resuming execution',
    );
    const lost = resume();
    // Operators should see it: these tasks fail (Lambda.ServiceException) rather than run twice.
    if (lost > 0)
      host.logger.warn({ executionArn: arn, tasks: lost }, 'tasks in flight at a stop were failed as lost');
    this.queueInbox(loaded.inbox);
  }

  private async take(seen: Candidate): Promise<boolean> {
    const { host } = this;
    if (host.isClosed() || !(await host.journal.claim(seen, host.owner, host.leaseUntil()))) return false;
    host.driving();
    await this.resume(seen.arn);
    return true;
  }

  private queueInbox(rows: readonly InboxRow[]): void {
    for (const row of rows) {
      const execution = this.host.executions.get(row.execution_arn);
      if (execution === undefined || this.inboxSeen.has(row.seq)) continue;
      this.inboxSeen.add(row.seq);
      void this.host
        .submit(execution, row.run_id, JSON.parse(row.event) as EventBody, row.seq)
        .catch(() => undefined);
    }
  }
}
