// REST resource for functions (the dashboard's view): /api/v1/functions list, describe, invoke and logs.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type {
  AsyncInvocationRecord,
  FunctionDetails,
  FunctionsService,
  InvocationResult,
  LogEvent,
} from '../../modules/functions/index.js';
import { ErrorBody } from './error-schemas.js';
import { FunctionDescription, FunctionList, Invocation, LogPage } from './function-schemas.js';

const NameParams = Type.Object({ name: Type.String() });
const tags = ['functions'];

type TypedApp = Parameters<FastifyPluginAsyncTypebox>[0];

export const functionRoutes: FastifyPluginAsyncTypebox<{ functions: FunctionsService }> = async (
  app,
  { functions },
) => {
  describeRoutes(app, functions);
  invokeRoutes(app, functions);
  logRoutes(app, functions);
};

function describeRoutes(app: TypedApp, functions: FunctionsService): void {
  app.get('/functions', { schema: { tags, response: { 200: FunctionList } } }, async () => ({
    functions: (await functions.list()).map(summary),
  }));

  app.get(
    '/functions/:name',
    {
      schema: {
        tags,
        params: NameParams,
        querystring: Type.Object({ qualifier: Type.Optional(Type.String()) }),
        response: { 200: FunctionDescription, 404: ErrorBody },
      },
    },
    async (request) => {
      const { name } = request.params;
      const details = await functions.describe(name, request.query.qualifier);
      const [versions, aliases] = await Promise.all([
        functions.listVersions(name),
        functions.aliases.list(name),
      ]);
      return {
        ...summary(details),
        arn: functions.arn(name, details.version === '$LATEST' ? undefined : details.version),
        versions: versions.map((v) => ({
          version: v.version,
          codeSha256: v.codeSha256,
          createdAt: iso(v.createdAt),
        })),
        aliases: aliases.map((a) => ({ name: a.name, version: a.version, description: a.description })),
      };
    },
  );
}

function invokeRoutes(app: TypedApp, functions: FunctionsService): void {
  app.post(
    '/functions/:name/invoke',
    {
      schema: {
        tags,
        description: 'Invokes the function with the JSON body as its event; `async=true` queues it (202).',
        params: NameParams,
        querystring: Type.Object({
          qualifier: Type.Optional(Type.String()),
          async: Type.Optional(Type.Boolean()),
          log: Type.Optional(Type.Boolean({ description: 'include the last 4 KB of the log' })),
        }),
        body: Type.Optional(Type.Unknown()),
        response: { 200: Invocation, 202: Invocation, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { qualifier, async: queued, log } = request.query;
      const options = {
        ...(qualifier === undefined ? {} : { qualifier }),
        payload: request.body === undefined ? '' : JSON.stringify(request.body),
      };
      if (queued)
        return reply.status(202).send(queuedView(await functions.invokeAsync(request.params.name, options)));
      return resultView(await functions.invoke(request.params.name, options), log === true);
    },
  );

  app.get(
    '/functions/:name/invocations/:requestId',
    {
      schema: {
        tags,
        description: 'An asynchronous invocation and, once settled, its result.',
        params: Type.Object({ name: Type.String(), requestId: Type.String() }),
        response: { 200: Invocation, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const record = await functions.asyncInvocation(request.params.requestId);
      if (record.functionName !== request.params.name)
        return reply.status(404).send({
          error: {
            code: 'FUNCTIONS_INVOCATION_NOT_FOUND',
            message: `no invocation ${request.params.requestId}`,
          },
        });
      return record.result && record.status !== 'queued' && record.status !== 'running'
        ? { ...resultView(record.result, false), status: record.status }
        : queuedView(record);
    },
  );
}

function logRoutes(app: TypedApp, functions: FunctionsService): void {
  app.get(
    '/functions/:name/logs',
    {
      schema: {
        tags,
        description: 'Log lines (START, END and REPORT included), oldest first.',
        params: NameParams,
        querystring: Type.Object({
          requestId: Type.Optional(Type.String()),
          startTime: Type.Optional(Type.Integer({ description: 'epoch milliseconds, inclusive' })),
          endTime: Type.Optional(Type.Integer({ description: 'epoch milliseconds, exclusive' })),
          afterId: Type.Optional(Type.Integer({ description: 'only lines after this id (following)' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          newest: Type.Optional(Type.Boolean({ description: 'the last `limit` lines instead of the first' })),
        }),
        response: { 200: LogPage },
      },
    },
    async (request) => {
      const events = await functions.logs({ functionName: request.params.name, ...request.query });
      return { events: events.map(logLine) };
    },
  );
}

function summary({ fn, record, version }: FunctionDetails) {
  return {
    name: fn.name,
    runtime: record.runtimeId,
    handler: record.handler,
    description: record.description,
    version,
    latestVersion: fn.latestVersion,
    timeoutSeconds: record.timeoutSeconds,
    memoryMb: record.memoryMb,
    environment: { ...record.environment },
    ...(record.role === undefined ? {} : { role: record.role }),
    ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency }),
    codeSha256: record.codeSha256,
    codeSize: record.codeSize,
    builtin: record.code.kind === 'builtin',
    lastModified: iso(record.createdAt),
  };
}

function resultView(result: InvocationResult, withLog: boolean) {
  return {
    requestId: result.requestId,
    status: result.status,
    executedVersion: result.executedVersion,
    ...(result.functionError ? { functionError: result.functionError } : {}),
    ...(result.error ? { errorType: result.error.errorType, errorMessage: result.error.errorMessage } : {}),
    payload: parsePayload(result.payload),
    durationMs: result.durationMs,
    billedDurationMs: result.billedDurationMs,
    maxMemoryUsedMb: result.maxMemoryUsedMb,
    ...(result.initDurationMs === undefined ? {} : { initDurationMs: result.initDurationMs }),
    ...(withLog ? { logTail: result.logTail } : {}),
  };
}

function queuedView(record: AsyncInvocationRecord) {
  return { requestId: record.requestId, status: record.status };
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function logLine(event: LogEvent) {
  return {
    id: event.id,
    timestamp: iso(event.timestamp),
    requestId: event.requestId,
    version: event.version,
    logStream: event.logStream,
    message: event.message,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
