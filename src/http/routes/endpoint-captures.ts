// REST resource of an endpoint's captured inferences (read back from its Data Capture files): the dashboard's
// confidence scatter, class distribution and recent-inference thumbnails.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { s3Access } from '../../modules/iam/index.js';
import {
  type BeforeRead,
  type CapturedInference,
  CaptureReader,
  captureBase,
  type EndpointRecord,
  type EndpointService,
} from '../../modules/inference/index.js';
import type { ModelRegistry } from '../../modules/models/index.js';
import { type ObjectStore, parseS3Uri } from '../../modules/storage/index.js';
import { type EdgeAuth, enforceAccess } from '../auth/edge-auth.js';
import { Captures } from './endpoint-capture-schemas.js';

export interface CaptureRouteServices {
  readonly store: ObjectStore;
  readonly endpoints: EndpointService;
  readonly models: ModelRegistry;
  /** With auth on, the captured objects are read only by a caller who may read them through S3. */
  readonly auth?: EdgeAuth | undefined;
}

/** Only image types a browser shows as pictures are handed back as image data. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export const endpointCaptureRoutes: FastifyPluginAsyncTypebox<CaptureRouteServices> = async (
  app,
  { store, endpoints, models, auth },
) => {
  const reader = new CaptureReader(store);
  app.get(
    '/endpoints/:name/captures',
    {
      schema: {
        tags: ['endpoints'],
        description:
          'The newest captured inferences of the endpoint, newest first, read from its Data Capture files.',
        params: Type.Object({ name: Type.String() }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 })),
          images: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 200,
              default: 0,
              description: 'newest records with image data',
            }),
          ),
        }),
        response: { 200: Captures },
      },
    },
    async (request) => {
      const record = await endpoints.describe(request.params.name);
      const { bucket, key } = parseS3Uri(record.capture.destination);
      const limit = request.query.limit ?? 1000;
      const images = request.query.images ?? 0;
      // One policy governs the captured objects whichever API reaches them: listing them here needs
      // s3:ListBucket on their folder, and each file read needs s3:GetObject on it, as through S3.
      let beforeRead: BeforeRead | undefined;
      if (auth) {
        const prefix = captureBase(key, record.name);
        await enforceAccess(auth, request, s3Access('ListObjectsV2', { bucket, prefix }));
        beforeRead = (fileBucket, fileKey) =>
          enforceAccess(auth, request, s3Access('GetObject', { bucket: fileBucket, key: fileKey }));
      }
      const captured = await reader.recent({ bucket, prefix: key }, record.name, limit, beforeRead);
      const classesOf = await variantClasses(record, models);
      return {
        endpoint: record.name,
        destination: `${record.capture.destination.replace(/\/+$/, '')}/${record.name}/`,
        captureEnabled: record.capture.enabled,
        classes: [...(classesOf.values().next().value ?? [])],
        inferences: captured.map((c, i) => view(c, classesOf, i < images)),
      };
    },
  );
};

/** Class names of each variant's model, read from the registry once per request. */
async function variantClasses(
  record: EndpointRecord,
  models: ModelRegistry,
): Promise<Map<string, readonly string[]>> {
  const classes = new Map<string, readonly string[]>();
  for (const variant of record.variants) {
    const version = await models.get(variant.modelVersion).catch(() => undefined);
    const names = version?.preprocessing.classes;
    if (Array.isArray(names)) classes.set(variant.name, names.map(String));
  }
  return classes;
}

function view(captured: CapturedInference, classesOf: Map<string, readonly string[]>, withImage: boolean) {
  const p = captured.probabilities;
  let best: number | null = null;
  if (p)
    for (let i = 0; i < p.length; i++) if (best === null || (p[i] as number) > (p[best] as number)) best = i;
  const contentType = captured.input?.contentType ?? null;
  return {
    time: new Date(captured.time).toISOString(),
    eventId: captured.eventId,
    inferenceId: captured.inferenceId,
    variant: captured.variant,
    probabilities: p ? [...p] : null,
    predictedIndex: best,
    predictedClass: best === null ? null : (classesOf.get(captured.variant)?.[best] ?? String(best)),
    confidence: best === null ? null : (p?.[best] ?? null),
    contentType,
    ...(withImage && captured.input && contentType && IMAGE_TYPES.has(contentType)
      ? { image: captured.input.base64 }
      : {}),
  };
}
