// `GET /api/v1/pipeline`: the names `scones up` gives what it creates, so the dashboard knows what to look at; and
// `GET /api/v1/pipeline/baselines/{endpoint}`: an endpoint's baseline constraints or null, so that a dashboard
// asking whether one exists yet gets an answer instead of a 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MONITORING_ERROR_CODES } from '../../modules/monitoring/index.js';
import { Baseline, Names, type PipelineNames } from './pipeline-schemas.js';

export type { PipelineNames };

/** Reads an endpoint's constraints.json; fails with MONITORING_NO_BASELINE when there is none. */
export type ConstraintsReader = (endpoint: string) => Promise<object>;

export const pipelineRoutes: FastifyPluginAsyncTypebox<{
  names: PipelineNames;
  constraints?: ConstraintsReader;
}> = async (app, { names, constraints }) => {
  app.get('/pipeline', { schema: { tags: ['pipeline'], response: { 200: Names } } }, async () => ({
    ...names,
  }));
  if (!constraints) return;
  app.get(
    '/pipeline/baselines/:endpoint',
    {
      schema: {
        tags: ['pipeline'],
        description: "The endpoint's baseline constraints, or null before `scones monitor baseline` ran.",
        params: Type.Object({ endpoint: Type.String({ minLength: 1 }) }),
        response: { 200: Baseline },
      },
    },
    async (request) => {
      const { endpoint } = request.params;
      try {
        return { endpoint, constraints: { ...(await constraints(endpoint)) } };
      } catch (error) {
        if ((error as { code?: string }).code === MONITORING_ERROR_CODES.NO_BASELINE)
          return { endpoint, constraints: null };
        throw error;
      }
    },
  );
};
