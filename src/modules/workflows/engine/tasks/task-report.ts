// What a task is given and what it gives back: its ports, its report (the event for its run) and the Reporter
// that makes an integration's outcomes those events in Step Functions' shapes.
import { StatesErrors } from '../../asl/errors.js';
import type { Json } from '../../asl/json.js';
import type { ObjectStorePort, TaskDispatcher } from '../ports.js';
import { TaskFailure } from '../ports.js';

/** What a finished task reports: the event body the engine then applies to the run. */
export type TaskReport =
  | { readonly type: 'taskSucceeded'; readonly output: Json }
  | { readonly type: 'taskSubmitted'; readonly output: Json }
  | { readonly type: 'taskFailed'; readonly error: string; readonly cause: string };

/** A task's report with its task id: the event for its run, as it is. */
export type TaskEvent = TaskReport & { readonly taskId: string };

export interface TaskPorts {
  readonly dispatcher: TaskDispatcher;
  readonly objects?: ObjectStorePort;
  /** Milliseconds since the epoch, for response metadata. */
  now(): number;
  newRequestId(): string;
}

/** Makes a task's outcomes the events of its run. */
export class Reporter {
  waits = false;

  constructor(private readonly taskId: string) {}

  value(output: Json): TaskEvent {
    return { type: this.waits ? 'taskSubmitted' : 'taskSucceeded', taskId: this.taskId, output };
  }

  failure(failure: { readonly error: string; readonly cause: string }): TaskEvent {
    return { type: 'taskFailed', taskId: this.taskId, error: failure.error, cause: failure.cause };
  }

  thrown(error: unknown): TaskEvent {
    if (error instanceof TaskFailure) return this.failure(error);
    const cause = error instanceof Error ? error.message : String(error);
    return this.failure({ error: StatesErrors.TaskFailed, cause });
  }

  /** The event once `value` settles. */
  settle(value: Promise<Json>): Promise<TaskEvent> {
    return value.then(
      (output) => this.value(output),
      (error: unknown) => this.thrown(error),
    );
  }
}

/** The failure of a task this deployment has no integration for. */
export function unsupported(resource: string): TaskFailure {
  return new TaskFailure(
    StatesErrors.Runtime,
    `The resource '${resource}' is not supported by this Scones deployment`,
  );
}
