// Read-only REST resource of the model registry: /api/v1/models (versions with metrics) and one version with its
// training report (curves, confusion matrix, per-class metrics) read from the `report` artifact.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ModelRegistry, ModelVersion } from '../../modules/models/index.js';
import type { ObjectStore } from '../../modules/storage/index.js';
import { ModelDetail, ModelList } from './model-schemas.js';

const tags = ['models'];
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
        response: { 200: ModelList },
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
        response: { 200: ModelDetail },
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
