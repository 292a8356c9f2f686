// Response schemas of the workflow routes, for validation-free serialisation and the OpenAPI document. Imports
// only typebox: the dashboard (web/) derives its types for these answers from these schemas.
import { Type } from 'typebox';

const Status = Type.Union([
  Type.Literal('RUNNING'),
  Type.Literal('SUCCEEDED'),
  Type.Literal('FAILED'),
  Type.Literal('TIMED_OUT'),
  Type.Literal('ABORTED'),
]);
const DateTime = Type.String({ format: 'date-time' });

export const Execution = Type.Object({
  executionArn: Type.String(),
  stateMachineArn: Type.String(),
  name: Type.String(),
  status: Status,
  startDate: DateTime,
  stopDate: Type.Optional(DateTime),
  stateMachineVersionArn: Type.Optional(Type.String()),
  stateMachineAliasArn: Type.Optional(Type.String()),
  redriveCount: Type.Integer(),
  input: Type.Optional(Type.Unknown({ description: 'the execution input (JSON)' })),
  output: Type.Optional(Type.Unknown({ description: 'the execution output (JSON), once it succeeded' })),
  error: Type.Optional(Type.String()),
  cause: Type.Optional(Type.String()),
  traceHeader: Type.Optional(Type.String()),
});

export const ExecutionList = Type.Object({
  executions: Type.Array(Execution),
  nextToken: Type.Optional(Type.String()),
});

export const Started = Type.Object({ executionArn: Type.String(), startDate: DateTime });

export const SyncRun = Type.Object({
  executionArn: Type.String(),
  status: Status,
  startDate: DateTime,
  stopDate: DateTime,
  output: Type.Optional(Type.Unknown()),
  error: Type.Optional(Type.String()),
  cause: Type.Optional(Type.String()),
});

export const Stopped = Type.Object({ stopDate: DateTime });

export const StateMachineCreated = Type.Object({
  stateMachineArn: Type.String(),
  creationDate: DateTime,
  stateMachineVersionArn: Type.Optional(Type.String()),
});

export const StateMachineList = Type.Object({
  stateMachines: Type.Array(
    Type.Object({
      stateMachineArn: Type.String(),
      name: Type.String(),
      type: Type.Union([Type.Literal('STANDARD'), Type.Literal('EXPRESS')]),
      creationDate: DateTime,
    }),
  ),
  nextToken: Type.Optional(Type.String()),
});

/**
 * An ASL document as the user wrote it: only what every definition has is named, every state keeps all it holds
 * (nested Parallel branches and Map processors included), serialised as stored.
 */
export const AslDocument = Type.Object(
  {
    StartAt: Type.String(),
    States: Type.Record(Type.String(), Type.Object({ Type: Type.String() }, { additionalProperties: true })),
    Comment: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const StateMachine = Type.Object({
  stateMachineArn: Type.String(),
  name: Type.String(),
  status: Type.Literal('ACTIVE'),
  definition: AslDocument,
  roleArn: Type.String(),
  type: Type.Union([Type.Literal('STANDARD'), Type.Literal('EXPRESS')]),
  creationDate: DateTime,
  revisionId: Type.String(),
  description: Type.Optional(Type.String()),
  loggingConfiguration: Type.Unknown(),
  tracingConfiguration: Type.Unknown(),
});

export const HistoryEvent = Type.Object(
  {
    id: Type.Integer(),
    previousEventId: Type.Integer(),
    timestamp: DateTime,
    type: Type.String(),
  },
  {
    additionalProperties: true,
    description: "plus the event's `<type>EventDetails` object, as AWS names it",
  },
);

export const HistoryPage = Type.Object({
  events: Type.Array(HistoryEvent),
  nextToken: Type.Optional(Type.String()),
});
