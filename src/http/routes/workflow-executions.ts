// REST resources for running workflows: executions of a state machine (start, sync run, list, describe, history,
// stop), task tokens, validation and TestState.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ExecutionStatus, WorkflowService } from '../../modules/workflows/index.js';
import { ErrorBody } from './error-schemas.js';
import { definitionText, executionBody, iso } from './workflow-bodies.js';
import { Execution, ExecutionList, HistoryPage, Started, Stopped, SyncRun } from './workflow-schemas.js';

const Any = Type.Unknown();
const Name = Type.Object({ name: Type.String() });
const ExecutionParams = Type.Object({ name: Type.String(), execution: Type.String() });
const Status = Type.Union(
  ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].map((s) => Type.Literal(s as ExecutionStatus)),
);
const StartBody = Type.Object({
  name: Type.Optional(Type.String()),
  input: Type.Optional(Any),
  qualifier: Type.Optional(Type.String({ description: 'a version number or an alias name' })),
});
const Token = Type.Object({ taskToken: Type.String() });
const tags = ['workflows'];

export const workflowExecutionRoutes: FastifyPluginAsyncTypebox<{
  workflows: WorkflowService;
  arn: (name: string) => string;
}> = async (app, { workflows, arn }) => {
  const executionArn = (name: string, execution: string) =>
    `arn:aws:states:${workflows.scope.region}:${workflows.scope.accountId}:execution:${name}:${execution}`;
  const startInput = (
    name: string,
    body: { name?: string; input?: unknown; qualifier?: string } | undefined,
  ) => ({
    stateMachineArn: body?.qualifier === undefined ? arn(name) : `${arn(name)}:${body.qualifier}`,
    input: JSON.stringify(body?.input ?? {}),
    ...(body?.name === undefined ? {} : { name: body.name }),
  });

  app.post(
    '/state-machines/:name/executions',
    {
      schema: {
        tags,
        params: Name,
        body: Type.Optional(StartBody),
        response: { 201: Started, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const started = await workflows.executions.start(startInput(request.params.name, request.body));
      return reply
        .status(201)
        .send({ executionArn: started.executionArn, startDate: iso(started.startDate) });
    },
  );

  app.post(
    '/state-machines/:name/sync-executions',
    {
      schema: {
        tags,
        params: Name,
        body: Type.Optional(StartBody),
        response: { 200: SyncRun, 400: ErrorBody },
      },
    },
    async (request) => {
      const run = await workflows.executions.startSync(startInput(request.params.name, request.body));
      return {
        executionArn: run.executionArn,
        status: run.status,
        startDate: iso(run.startDate),
        stopDate: iso(run.stopDate),
        ...(run.output === undefined ? {} : { output: run.output }),
        ...(run.error == null ? {} : { error: run.error }),
        ...(run.cause == null ? {} : { cause: run.cause }),
      };
    },
  );

  app.get(
    '/state-machines/:name/executions',
    {
      schema: {
        tags,
        params: Name,
        querystring: Type.Object({
          status: Type.Optional(Status),
          qualifier: Type.Optional(Type.String()),
          maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          nextToken: Type.Optional(Type.String()),
        }),
        response: { 200: ExecutionList },
      },
    },
    async (request) => {
      const { status, qualifier, ...page } = request.query;
      const machine = arn(request.params.name);
      const listed = await workflows.queries.list({
        stateMachineArn: qualifier === undefined ? machine : `${machine}:${qualifier}`,
        ...page,
        ...(status === undefined ? {} : { statusFilter: status }),
      });
      return { ...listed, executions: listed.executions.map(executionBody) };
    },
  );

  app.get(
    '/state-machines/:name/executions/:execution',
    { schema: { tags, params: ExecutionParams, response: { 200: Execution, 404: ErrorBody } } },
    async (request) =>
      executionBody(
        await workflows.queries.describe(executionArn(request.params.name, request.params.execution)),
      ),
  );

  app.get(
    '/state-machines/:name/executions/:execution/history',
    {
      schema: {
        tags,
        params: ExecutionParams,
        querystring: Type.Object({
          reverse: Type.Optional(Type.Boolean()),
          maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          nextToken: Type.Optional(Type.String()),
        }),
        response: { 200: HistoryPage },
      },
    },
    async (request) => {
      const { reverse, ...page } = request.query;
      const history = await workflows.queries.history({
        executionArn: executionArn(request.params.name, request.params.execution),
        ...page,
        ...(reverse === undefined ? {} : { reverseOrder: reverse }),
      });
      return { ...history, events: history.events.map((e) => ({ ...e, timestamp: iso(e.timestamp) })) };
    },
  );

  app.post(
    '/state-machines/:name/executions/:execution/stop',
    {
      schema: {
        tags,
        params: ExecutionParams,
        body: Type.Optional(
          Type.Object({ error: Type.Optional(Type.String()), cause: Type.Optional(Type.String()) }),
        ),
        response: { 200: Stopped, 404: ErrorBody },
      },
    },
    async (request) => {
      const arnOf = executionArn(request.params.name, request.params.execution);
      const stopped = await workflows.executions.stop(arnOf, request.body?.error, request.body?.cause);
      return { stopDate: iso(stopped.stopDate) };
    },
  );

  app.post(
    '/tasks/success',
    { schema: { tags, body: Type.Object({ taskToken: Type.String(), output: Any }) } },
    async (request, reply) => {
      await workflows.tasks.sendTaskSuccess(
        request.body.taskToken,
        JSON.stringify(request.body.output ?? null),
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/tasks/failure',
    {
      schema: {
        tags,
        body: Type.Object({
          taskToken: Type.String(),
          error: Type.Optional(Type.String()),
          cause: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      await workflows.tasks.sendTaskFailure(request.body.taskToken, request.body.error, request.body.cause);
      return reply.status(204).send();
    },
  );

  app.post('/tasks/heartbeat', { schema: { tags, body: Token } }, async (request, reply) => {
    await workflows.tasks.sendTaskHeartbeat(request.body.taskToken);
    return reply.status(204).send();
  });

  app.post(
    '/workflows/validate',
    { schema: { tags, body: Type.Object({ definition: Any }) } },
    async (request) => workflows.validate(definitionText(request.body.definition), { severity: 'WARNING' }),
  );

  app.post(
    '/workflows/test-state',
    {
      schema: {
        tags,
        body: Type.Object({
          definition: Any,
          input: Type.Optional(Any),
          stateName: Type.Optional(Type.String()),
        }),
      },
    },
    async (request) => {
      const result = await workflows.testState({
        definition: definitionText(request.body.definition),
        input: JSON.stringify(request.body.input ?? {}),
        inspectionLevel: 'DEBUG',
        ...(request.body.stateName === undefined ? {} : { stateName: request.body.stateName }),
      });
      return result;
    },
  );
};
