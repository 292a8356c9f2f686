// `GET /api/v1/pipeline`: the names `scones up` gives what it creates, so the dashboard knows what to look at.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

export interface PipelineNames {
  /** Bucket of the prepared dataset (`dataset.json`, `train.lst`, `test.lst`). */
  readonly bucket: string;
  readonly endpoint: string;
  readonly imagePipeline: string;
  readonly testBatch: string;
  /** The function whose `THRESHOLD` setting decides which predictions are kept. */
  readonly filterFunction: string;
}

const Names = Type.Object({
  bucket: Type.String(),
  endpoint: Type.String(),
  imagePipeline: Type.String({ description: 'state machine classifying one image' }),
  testBatch: Type.String({ description: 'state machine running the image pipeline on every test image' }),
  filterFunction: Type.String(),
});

export const pipelineRoutes: FastifyPluginAsyncTypebox<{ names: PipelineNames }> = async (app, { names }) => {
  app.get('/pipeline', { schema: { tags: ['pipeline'], response: { 200: Names } } }, async () => ({
    ...names,
  }));
};
