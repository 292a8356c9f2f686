// Response schemas of the function routes. Imports only typebox: the dashboard (web/) derives its types for these
// answers from these schemas, so the server and the dashboard cannot disagree on their shape.
import { Type } from 'typebox';

export const FunctionSummary = Type.Object({
  name: Type.String(),
  runtime: Type.String(),
  handler: Type.String(),
  description: Type.String(),
  version: Type.String({ description: '$LATEST or the version number asked for' }),
  latestVersion: Type.Integer({ description: 'the numbered version $LATEST points at' }),
  timeoutSeconds: Type.Number(),
  memoryMb: Type.Integer(),
  environment: Type.Record(Type.String(), Type.String()),
  role: Type.Optional(Type.String()),
  reservedConcurrency: Type.Optional(Type.Integer()),
  codeSha256: Type.String(),
  codeSize: Type.Integer(),
  builtin: Type.Boolean({ description: 'Scones ships the code (the image pipeline functions)' }),
  lastModified: Type.String({ format: 'date-time' }),
});
export const FunctionDescription = Type.Object({
  ...FunctionSummary.properties,
  arn: Type.String(),
  versions: Type.Array(
    Type.Object({ version: Type.Integer(), codeSha256: Type.String(), createdAt: Type.String() }),
  ),
  aliases: Type.Array(
    Type.Object({ name: Type.String(), version: Type.Integer(), description: Type.String() }),
  ),
});
export const Invocation = Type.Object({
  requestId: Type.String(),
  status: Type.String({ description: 'success, error or timeout; queued for an asynchronous invocation' }),
  executedVersion: Type.Optional(Type.String()),
  functionError: Type.Optional(Type.String()),
  errorType: Type.Optional(Type.String()),
  errorMessage: Type.Optional(Type.String()),
  payload: Type.Optional(Type.Unknown({ description: 'the result, or the error payload' })),
  durationMs: Type.Optional(Type.Number()),
  billedDurationMs: Type.Optional(Type.Number()),
  maxMemoryUsedMb: Type.Optional(Type.Number()),
  initDurationMs: Type.Optional(Type.Number()),
  logTail: Type.Optional(Type.String()),
});
export const LogLine = Type.Object({
  id: Type.Integer(),
  timestamp: Type.String({ format: 'date-time' }),
  requestId: Type.String(),
  version: Type.String(),
  logStream: Type.String(),
  message: Type.String(),
});
export const FunctionList = Type.Object({ functions: Type.Array(FunctionSummary) });
export const LogPage = Type.Object({ events: Type.Array(LogLine) });
