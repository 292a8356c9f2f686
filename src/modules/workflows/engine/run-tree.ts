// The runs of one execution (its root and the child runs of Map and Parallel) and the one reading of a step's
// commands both execution kinds share: which start, stop and end runs, which hand out work and timers. The
// kinds differ only in how they carry the effects out (EXPRESS at once, STANDARD into a round committed first).
import type { Command, RunTaskCommand, StartChildCommand } from '../asl/commands.js';
import type { EventBody } from '../asl/events.js';
import { newChildState, type RunState } from '../asl/run-state.js';
import type { StorageCommand } from './storage-runner.js';

/** Work handed out by a run: a Task, or a storage command of Map's ItemReader/ResultWriter. */
export type WorkCommand = RunTaskCommand | StorageCommand;

export type StartTimerCommand = Extract<Command, { type: 'startTimer' }>;

/** What a run's parent learns when the run ends. */
export type RunEnd = Extract<EventBody, { type: 'childSucceeded' | 'childFailed' }>;

export interface RunNode {
  state: RunState;
  /** The parent run's id; null for the root. */
  readonly parent: string | null;
}

/**
 * How an execution kind carries out what its runs ask for. `context` is the kind's own (a STANDARD execution's
 * round and the event's time), passed through so that no closure is made per command.
 */
export interface RunEffects<R extends RunNode, C> {
  startWork(runId: string, id: string, command: WorkCommand, context: C): void;
  cancelWork(id: string, context: C): void;
  startTimer(runId: string, command: StartTimerCommand, context: C): void;
  cancelTimer(timerId: string, context: C): void;
  /** The node of a new child run, its state already derived from its parent's. */
  newChild(parent: string, state: RunState, command: StartChildCommand, context: C): R;
  /** A child run joined the tree: start it. */
  childStarted(childId: string, child: R, command: StartChildCommand, context: C): void;
  /** A run left the tree, stopped (its descendants follow, each in turn): drop what it owns. */
  runStopped(runId: string, context: C): void;
  /** A child run ended: its parent must learn it. */
  childEnded(runId: string, child: R, end: RunEnd, context: C): void;
  /** The root run ended: so does the execution. */
  rootEnded(root: R, context: C): void;
}

export class RunTree<R extends RunNode> extends Map<string, R> {
  /** Carries out one command a step of run `runId` (node `run`) gave. */
  apply<C>(runId: string, run: R, command: Command, effects: RunEffects<R, C>, context: C): void {
    switch (command.type) {
      case 'runTask':
        effects.startWork(runId, command.taskId, command, context);
        break;
      case 'readObject':
      case 'listObjects':
      case 'writeObject':
        effects.startWork(runId, command.requestId, command, context);
        break;
      case 'cancelTask':
        effects.cancelWork(command.taskId, context);
        break;
      case 'startTimer':
        effects.startTimer(runId, command, context);
        break;
      case 'cancelTimer':
        effects.cancelTimer(command.timerId, context);
        break;
      case 'startChild': {
        const state = newChildState(run.state, command.childId, command.scope, command.variables);
        const child = effects.newChild(runId, state, command, context);
        this.set(command.childId, child);
        effects.childStarted(command.childId, child, command, context);
        break;
      }
      case 'stopChild':
        this.stop(command.childId, effects, context);
        break;
      case 'complete':
        this.end(
          runId,
          run,
          { type: 'childSucceeded', childId: runId, output: command.output },
          effects,
          context,
        );
        break;
      case 'fail': {
        const { error, cause } = command;
        this.end(runId, run, { type: 'childFailed', childId: runId, error, cause }, effects, context);
        break;
      }
    }
  }

  /** Stops a run and everything under it. */
  stop<C>(runId: string, effects: RunEffects<R, C>, context: C): void {
    if (!this.delete(runId)) return;
    effects.runStopped(runId, context);
    for (const [childId, child] of this) if (child.parent === runId) this.stop(childId, effects, context);
  }

  private end<C>(runId: string, run: R, end: RunEnd, effects: RunEffects<R, C>, context: C): void {
    if (run.parent === null) effects.rootEnded(run, context);
    else effects.childEnded(runId, run, end, context);
  }
}
