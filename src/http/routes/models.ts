// Read-only REST resource of the model registry: /api/v1/models (versions with metrics) and one version with its
// training report (curves, confusion matrix, per-class metrics) read from the `report` artifact.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModelRegistry, ModelVersion } from '../../modules/models/index.js';
import type { ObjectStore } from '../../modules/storage/index.js';

const tags = ['models'];
const Json = Type.Record(Type.String(), Type.Unknown());
const Version = Type.Object({
  version: Type.Integer(),
  runId: Type.String(),
  status: Type.String({ description: 'registered, approved or rejected' }),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  arch: Type.String(),
  artifactBucket: Type.String(),
  artifacts: Type.Array(
    Type.Object({ role: Type.String(), key: Type.String(), size: Type.Integer(), etag: Type.String() }),
  ),
  hyperparameters: Json,
  metrics: Json,
  lineage: Json,
  preprocessing: Json,
  temperature: Type.Number(),
});

export const modelRoutes: FastifyPluginAsyncTypebox<{ models: ModelRegistry; store: ObjectStore }> = async (
  app,
  { models, store },
) => {
  app.get(
    '/models',
    {
      schema: {
        tags,
        description: 'Registered model versions, newest first.',
        response: { 200: Type.Object({ models: Type.Array(Version) }) },
      },
    },
    async () => ({ models: (await models.list()).map(versionView) }),
  );

  app.get(
    '/models/:version',
    {
      schema: {
        tags,
        description: 'One version (a number, "latest" or "approved") and its training report.',
        params: Type.Object({ version: Type.String() }),
        response: {
          200: Type.Object({
            ...Version.properties,
            report: Type.Union([Json, Type.Null()], { description: 'report.json; null when unreadable' }),
          }),
        },
      },
    },
    async (request) => {
      const version = await models.resolve(request.params.version);
      const artifact = version.artifacts.find((a) => a.role === 'report');
      const report = artifact
        ? await store
            .getObjectBytes(version.artifactBucket, artifact.key)
            .then((bytes) => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>)
            .catch(() => null)
        : null;
      return { ...versionView(version), report };
    },
  );
};

function versionView(version: ModelVersion) {
  return {
    ...version,
    artifacts: version.artifacts.map((a) => ({ ...a })),
    createdAt: new Date(version.createdAt).toISOString(),
    updatedAt: new Date(version.updatedAt).toISOString(),
  };
}
