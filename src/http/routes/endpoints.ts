// REST resource for real-time endpoints: /api/v1/endpoints (deploy, list, describe, delete, recent invocations).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type {
  EndpointHost,
  EndpointRecord,
  EndpointService,
  RecentInvocations,
} from '../../modules/inference/index.js';
import { EndpointDescription, EndpointList } from './endpoint-schemas.js';

export interface EndpointRouteServices {
  readonly endpoints: EndpointService;
  readonly host: EndpointHost;
  readonly recent: RecentInvocations;
}

const Name = Type.Object({ name: Type.String() });
const Variant = Type.Object({
  name: Type.Optional(Type.String()),
  model: Type.String({ description: 'a version number, "latest" or "approved"' }),
  weight: Type.Optional(Type.Number({ minimum: 0 })),
});
// An unknown field is refused, as AWS refuses one in DataCaptureConfig. `additionalProperties: false` alone would
// not do: Fastify's validator removes such fields silently (removeAdditional), so they must fail a schema.
// (Type.Partial would drop the option, hence Type.Optional on each field.)
const Capture = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    samplingPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    captureInput: Type.Optional(Type.Boolean()),
    captureOutput: Type.Optional(Type.Boolean()),
    destination: Type.Optional(Type.String({ description: 's3://bucket/prefix' })),
  },
  { additionalProperties: Type.Never() },
);
const DeployBody = Type.Object({
  model: Type.Optional(Type.String({ description: 'one variant (AllTraffic) serving this model' })),
  variants: Type.Optional(Type.Array(Variant, { minItems: 1 })),
  capture: Type.Optional(Capture),
  executionRoleArn: Type.Optional(
    Type.String({
      description:
        'IAM role the endpoint acts as: with auth on, capture files are written only where it may s3:PutObject (deploying with it needs iam:PassRole)',
    }),
  ),
});

export const endpointRoutes: FastifyPluginAsyncTypebox<EndpointRouteServices> = async (app, services) => {
  const { endpoints, host, recent } = services;
  const view = ({ executionRoleArn, ...record }: EndpointRecord) => ({
    ...record,
    ...(executionRoleArn === undefined ? {} : { executionRoleArn }),
    variants: record.variants.map((v) => ({ ...v })),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    served: host.served(record.name) ?? null,
  });

  app.get('/endpoints', { schema: { tags: ['endpoints'], response: { 200: EndpointList } } }, async () => ({
    endpoints: (await endpoints.list()).map(view),
  }));

  app.get(
    '/endpoints/:name',
    { schema: { tags: ['endpoints'], params: Name, response: { 200: EndpointDescription } } },
    async (request) => ({
      ...view(await endpoints.describe(request.params.name)),
      invocations: recent.summary(request.params.name),
    }),
  );

  app.put(
    '/endpoints/:name',
    { schema: { tags: ['endpoints'], params: Name, body: DeployBody } },
    async (request, reply) => {
      const { model, variants, capture, executionRoleArn } = request.body;
      const record = await endpoints.deploy({
        name: request.params.name,
        variants: variants ?? (model ? [{ model }] : []),
        capture,
        executionRoleArn,
      });
      // This server applies the deploy before answering; other servers pick it up when they poll.
      await host.refresh();
      return reply.status(200).send(view(await endpoints.describe(record.name)));
    },
  );

  app.delete(
    '/endpoints/:name',
    { schema: { tags: ['endpoints'], params: Name } },
    async (request, reply) => {
      await endpoints.delete(request.params.name);
      await host.refresh();
      return reply.status(204).send();
    },
  );

  app.get(
    '/endpoints/:name/invocations',
    {
      schema: {
        tags: ['endpoints'],
        params: Name,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
      },
    },
    async (request) => ({
      summary: recent.summary(request.params.name),
      invocations: recent.recent(request.params.name, request.query.limit ?? 100),
    }),
  );
};
