// Replays an execution's journal through `step` from its initial state. The history it yields equals the
// committed history when the engine is sound (the determinism the durable engine relies on), and it shows how an
// execution came to where it is.
import type { StateMachineDefinition } from '../asl/definition.js';
import type { WorkflowEvent } from '../asl/events.js';
import type { HistoryEvent } from '../asl/history.js';
import { type ExecutionInfo, newChildState, newExecutionState, type RunState } from '../asl/run-state.js';
import { type StepOptions, step } from '../asl/step/step.js';

export interface JournalEntry {
  readonly runId: string;
  readonly event: WorkflowEvent;
}

export async function replayJournal(
  definition: StateMachineDefinition,
  info: ExecutionInfo,
  journal: readonly JournalEntry[],
  options: StepOptions = {},
): Promise<HistoryEvent[]> {
  const runs = new Map<string, RunState>([['root', newExecutionState(info)]]);
  const history: HistoryEvent[] = [];
  for (const { runId, event } of journal) {
    const state = runs.get(runId);
    if (state === undefined) continue;
    const result = await step(definition, state, event, options);
    history.push(...result.history);
    for (const command of result.commands) {
      if (command.type === 'startChild') {
        runs.set(command.childId, newChildState(state, command.childId, command.scope, command.variables));
      }
    }
  }
  return history;
}
