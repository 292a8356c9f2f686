// REST resources for workflows: /api/v1/state-machines (versions, aliases, executions, history),
// /api/v1/workflows/validate, /api/v1/workflows/test-state and /api/v1/tasks/{success,failure,heartbeat}.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WorkflowService } from '../../modules/workflows/index.js';
import { ErrorBody } from './error-schemas.js';
import { definitionText, iso } from './workflow-bodies.js';
import { workflowExecutionRoutes } from './workflow-executions.js';
import { StateMachine, StateMachineCreated, StateMachineList } from './workflow-schemas.js';

const Any = Type.Unknown();
const Name = Type.Object({ name: Type.String() });
const AliasParams = Type.Object({ name: Type.String(), alias: Type.String() });
const Page = Type.Object({
  maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  nextToken: Type.Optional(Type.String()),
});
const Definition = Type.Union([Type.String(), Type.Record(Type.String(), Any)], {
  description: 'ASL definition, as an object or as JSON text',
});
const Routing = Type.Array(
  Type.Object({ version: Type.Union([Type.Integer({ minimum: 1 }), Type.String()]), weight: Type.Integer() }),
  { minItems: 1, maxItems: 2 },
);
const tags = ['workflows'];

export const workflowRoutes: FastifyPluginAsyncTypebox<{ workflows: WorkflowService }> = async (
  app,
  { workflows },
) => {
  const arn = (name: string) =>
    `arn:aws:states:${workflows.scope.region}:${workflows.scope.accountId}:stateMachine:${name}`;
  const versionArn = (name: string, version: number | string) =>
    typeof version === 'number' ? `${arn(name)}:${version}` : version;

  app.get(
    '/state-machines',
    { schema: { tags, querystring: Page, response: { 200: StateMachineList } } },
    async (request) => {
      const listed = await workflows.machines.list(request.query);
      return {
        stateMachines: listed.stateMachines.map((s) => ({ ...s, creationDate: iso(s.creationDate) })),
        ...(listed.nextToken === undefined ? {} : { nextToken: listed.nextToken }),
      };
    },
  );

  app.post(
    '/state-machines',
    {
      schema: {
        tags,
        body: Type.Object({
          name: Type.String(),
          definition: Definition,
          type: Type.Optional(Type.Union([Type.Literal('STANDARD'), Type.Literal('EXPRESS')])),
          roleArn: Type.Optional(Type.String()),
          publish: Type.Optional(Type.Boolean()),
        }),
        response: { 201: StateMachineCreated, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const { definition, ...rest } = request.body;
      const created = await workflows.machines.create({ ...rest, definition: definitionText(definition) });
      return reply.status(201).send({ ...created, creationDate: iso(created.creationDate) });
    },
  );

  app.get(
    '/state-machines/:name',
    { schema: { tags, params: Name, response: { 200: StateMachine } } },
    async (request) => {
      const machine = await workflows.machines.describe(arn(request.params.name));
      return {
        ...machine,
        definition: JSON.parse(machine.definition),
        creationDate: iso(machine.creationDate),
      };
    },
  );

  app.put(
    '/state-machines/:name',
    {
      schema: {
        tags,
        params: Name,
        body: Type.Object({
          definition: Type.Optional(Definition),
          roleArn: Type.Optional(Type.String()),
          publish: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request) => {
      const { definition, ...rest } = request.body;
      const updated = await workflows.machines.update({
        stateMachineArn: arn(request.params.name),
        ...rest,
        ...(definition === undefined ? {} : { definition: definitionText(definition) }),
      });
      return { ...updated, updateDate: iso(updated.updateDate) };
    },
  );

  app.delete('/state-machines/:name', { schema: { tags, params: Name } }, async (request, reply) => {
    await workflows.machines.delete(arn(request.params.name));
    return reply.status(204).send();
  });

  app.post(
    '/state-machines/:name/versions',
    {
      schema: {
        tags,
        params: Name,
        body: Type.Optional(
          Type.Object({
            description: Type.Optional(Type.String()),
            revisionId: Type.Optional(Type.String()),
          }),
        ),
      },
    },
    async (request, reply) => {
      const published = await workflows.machines.versions.publish({
        stateMachineArn: arn(request.params.name),
        ...request.body,
      });
      return reply.status(201).send({ ...published, creationDate: iso(published.creationDate) });
    },
  );

  app.get(
    '/state-machines/:name/versions',
    { schema: { tags, params: Name, querystring: Page } },
    async (request) => {
      const listed = await workflows.machines.versions.list({
        stateMachineArn: arn(request.params.name),
        ...request.query,
      });
      return {
        ...listed,
        stateMachineVersions: listed.stateMachineVersions.map((v) => ({
          ...v,
          creationDate: iso(v.creationDate),
        })),
      };
    },
  );

  app.get(
    '/state-machines/:name/aliases',
    { schema: { tags, params: Name, querystring: Page } },
    async (request) => {
      const listed = await workflows.aliases.list({
        stateMachineArn: arn(request.params.name),
        ...request.query,
      });
      return {
        ...listed,
        stateMachineAliases: listed.stateMachineAliases.map((a) => ({
          ...a,
          creationDate: iso(a.creationDate),
        })),
      };
    },
  );

  app.post(
    '/state-machines/:name/aliases',
    {
      schema: {
        tags,
        params: Name,
        body: Type.Object({
          name: Type.String(),
          description: Type.Optional(Type.String()),
          routing: Routing,
        }),
      },
    },
    async (request, reply) => {
      const { routing, ...rest } = request.body;
      const created = await workflows.aliases.create({
        ...rest,
        routingConfiguration: routing.map((r) => ({
          stateMachineVersionArn: versionArn(request.params.name, r.version),
          weight: r.weight,
        })),
      });
      return reply.status(201).send({ ...created, creationDate: iso(created.creationDate) });
    },
  );

  app.get(
    '/state-machines/:name/aliases/:alias',
    { schema: { tags, params: AliasParams } },
    async (request) => {
      const alias = await workflows.aliases.describe(`${arn(request.params.name)}:${request.params.alias}`);
      return { ...alias, creationDate: iso(alias.creationDate), updateDate: iso(alias.updateDate) };
    },
  );

  app.put(
    '/state-machines/:name/aliases/:alias',
    {
      schema: {
        tags,
        params: AliasParams,
        body: Type.Object({ description: Type.Optional(Type.String()), routing: Type.Optional(Routing) }),
      },
    },
    async (request) => {
      const { routing, ...rest } = request.body;
      const updated = await workflows.aliases.update({
        stateMachineAliasArn: `${arn(request.params.name)}:${request.params.alias}`,
        ...rest,
        ...(routing === undefined
          ? {}
          : {
              routingConfiguration: routing.map((r) => ({
                stateMachineVersionArn: versionArn(request.params.name, r.version),
                weight: r.weight,
              })),
            }),
      });
      return { updateDate: iso(updated.updateDate) };
    },
  );

  app.delete(
    '/state-machines/:name/aliases/:alias',
    { schema: { tags, params: AliasParams } },
    async (request, reply) => {
      await workflows.aliases.delete(`${arn(request.params.name)}:${request.params.alias}`);
      return reply.status(204).send();
    },
  );

  await app.register(workflowExecutionRoutes, { workflows, arn });
};
