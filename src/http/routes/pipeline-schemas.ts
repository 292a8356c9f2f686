// Response schemas of `GET /api/v1/pipeline` and `GET /api/v1/pipeline/baselines/{endpoint}`. Imports only
// typebox: the dashboard (web/) derives its types for these answers from them.
import { type Static, Type } from 'typebox';

export const Names = Type.Object({
  bucket: Type.String({ description: 'bucket of the prepared dataset (dataset.json, train.lst, test.lst)' }),
  endpoint: Type.String(),
  imagePipeline: Type.String({ description: 'state machine classifying one image' }),
  testBatch: Type.String({ description: 'state machine running the image pipeline on every test image' }),
  filterFunction: Type.String({
    description: 'the function whose THRESHOLD setting decides which predictions are kept',
  }),
});

/** The names `scones up` gives what it creates. */
export type PipelineNames = Static<typeof Names>;

export const Baseline = Type.Object({
  endpoint: Type.String(),
  constraints: Type.Union([
    Type.Object({}, { additionalProperties: true, description: 'constraints.json as stored' }),
    Type.Null(),
  ]),
});
