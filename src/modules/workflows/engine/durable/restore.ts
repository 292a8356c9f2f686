// Rebuilds a live execution from its committed journal: run snapshots, timers, pending work and derived events.
import type { StateMachineDefinition } from '../../asl/definition.js';
import type { EventBody } from '../../asl/events.js';
import type { RunState } from '../../asl/run-state.js';
import { executionInfoOf } from '../execution-info.js';
import type { WorkCommand } from '../run-tree.js';
import type { LoadedExecution } from './journal/execution-journal.js';
import { type ExecutionHost, LiveExecution, type RunEntry } from './live-execution.js';
import { lostTask } from './lost-task.js';

/**
 * The execution as its last committed round left it. `resume` re-arms its timers, settles the work that was
 * never answered, and queues the events that committed rows imply: starts of runs not started yet, and results
 * of child runs their parent has not taken yet.
 *
 * A task is run at most once, as in AWS Standard workflows: a task in flight when its engine stopped may have
 * run, so it fails (`lostTask`) and only a Retry of its state runs it again. A `.waitForTaskToken` task already
 * handed over only listens for its token again; storage commands of Map (reads, and writes of the same object)
 * are idempotent and run again.
 */
export function restoreExecution(
  loaded: LoadedExecution,
  definition: StateMachineDefinition,
  host: ExecutionHost,
): { readonly execution: LiveExecution; resume(): number } {
  const execution = new LiveExecution(loaded.row.arn, definition, host, loaded.nextEventId);
  execution.journalSeq = loaded.nextJournalSeq;
  const info = executionInfoOf(loaded.row);
  for (const row of loaded.runs) {
    const entry: RunEntry = {
      state: { ...(JSON.parse(row.state) as RunState), execution: info },
      parent: row.parent_run_id,
      phase: row.phase,
      ...(row.start === null ? {} : { start: JSON.parse(row.start) as RunEntry['start'] & object }),
    };
    execution.runs.set(row.run_id, entry);
  }
  for (const timer of loaded.timers) execution.timers.set(timer.timer_id, timer.run_id);
  for (const task of loaded.tasks) {
    execution.work.set(task.task_id, {
      runId: task.run_id,
      command: JSON.parse(task.command) as WorkCommand,
      submitted: task.submitted === 1,
    });
  }
  /** Returns how many tasks were failed as lost. */
  const resume = () => {
    let lost = 0;
    for (const timer of loaded.timers) host.work.arm(execution, timer.run_id, timer.timer_id, timer.due_at);
    for (const [id, work] of execution.work) {
      if (work.command.type === 'runTask' && !work.submitted) {
        host.enqueue(execution, work.runId, lostTask(id, work.command));
        lost++;
      } else host.work.start(execution, id, work);
    }
    for (const [runId, entry] of execution.runs) {
      const pending = pendingEvent(runId, entry);
      if (pending !== undefined) host.enqueue(execution, pending.runId, pending.body);
    }
    return lost;
  };
  return { execution, resume };
}

function pendingEvent(runId: string, entry: RunEntry): { runId: string; body: EventBody } | undefined {
  if (entry.phase === 'pending' && entry.start !== undefined) {
    return { runId, body: { type: 'start', ...entry.start } };
  }
  if (entry.phase !== 'ended' || entry.parent === null) return undefined;
  const state = entry.state;
  const body: EventBody =
    state.status === 'SUCCEEDED'
      ? { type: 'childSucceeded', childId: runId, output: state.output ?? null }
      : { type: 'childFailed', childId: runId, error: state.error ?? null, cause: state.cause ?? null };
  return { runId: entry.parent, body };
}
