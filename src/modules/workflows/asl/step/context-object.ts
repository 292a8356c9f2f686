// Builds the context object ($$ in JSONPath, $states.context in JSONata) for the current state.
import type { Json, JsonObject } from '../json.js';
import type { ActiveState, ContextItem, RunState } from '../run-state.js';

export interface ContextExtras {
  readonly taskToken?: string;
  readonly item?: ContextItem;
}

export function contextObject(
  run: RunState,
  active: ActiveState | null,
  extras: ContextExtras = {},
): JsonObject {
  const e = run.execution;
  const context: JsonObject = {
    Execution: {
      Id: e.executionArn,
      Input: e.input,
      Name: e.name,
      RoleArn: e.roleArn,
      StartTime: e.startTime,
      RedriveCount: e.redriveCount,
    },
    StateMachine: { Id: e.stateMachineArn, Name: e.stateMachineName },
  };
  if (active !== null) {
    context.State = { EnteredTime: active.enteredTime, Name: active.name, RetryCount: active.retryCount };
  }
  if (extras.taskToken !== undefined) context.Task = { Token: extras.taskToken };
  if (extras.item !== undefined) context.Map = { Item: extras.item as unknown as Json };
  return context;
}
