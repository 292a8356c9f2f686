// One invocation: pick the variant, decode the image, predict through the micro-batcher, format the answer,
// then report metrics and hand the record to data capture (after the response, off the request path).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.js';
import { isSconesError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/logger.js';
import type { CaptureEvent } from '../capture/capture-record.js';
import type { CaptureDestination } from '../capture/capture-writer.js';
import { inferenceError } from '../errors.js';
import type { InvocationListener, InvocationOutcome, InvocationRecord } from '../invocation-metrics.js';
import { mediaType, prepareImage } from './image-input.js';
import type { LiveEndpoint, LiveVariant } from './live-endpoint.js';
import type { Prediction } from './micro-batcher.js';
import { formatProbabilities, RESPONSE_CONTENT_TYPE } from './response-format.js';
import { chooseVariant } from './variant-routing.js';

export interface InvokeRequest {
  readonly endpoint: string;
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  /** X-Amzn-SageMaker-Target-Variant */
  readonly targetVariant?: string | undefined;
  /** X-Amzn-SageMaker-Inference-Id */
  readonly inferenceId?: string | undefined;
  /** performance.now() when the request arrived, so overhead includes reading it. */
  readonly receivedAt?: number | undefined;
}

export interface InvokeResult {
  /** Identifies the invocation (also the data capture record's eventId). */
  readonly eventId: string;
  readonly variant: string;
  readonly modelVersion: number;
  readonly probabilities: readonly number[];
  /** The response body, e.g. `[0.9634215235710144, 0.03657849133014679]`. */
  readonly body: string;
  readonly contentType: string;
}

export interface InvocationContext {
  readonly clock: Clock;
  readonly random: () => number;
  readonly decodeLimit: <T>(work: () => Promise<T>) => Promise<T>;
  readonly listeners: readonly InvocationListener[];
  readonly logger: Logger;
  readonly capture: (destination: CaptureDestination, event: CaptureEvent) => void;
}

const MAX_INFERENCE_ID = 64;

export async function runInvocation(
  live: LiveEndpoint,
  request: InvokeRequest,
  context: InvocationContext,
): Promise<InvokeResult> {
  const meta = { time: context.clock.now(), eventId: randomUUID(), inferenceId: request.inferenceId ?? null };
  const report = reporter(live, request.receivedAt ?? performance.now(), meta, context);
  let variant: LiveVariant | undefined;
  try {
    if (meta.inferenceId !== null) checkInferenceId(meta.inferenceId);
    variant = chooseVariant(live.variants, request.targetVariant, context.random);
    const chosen = variant;
    const prediction = await chosen.model.use(async (model) =>
      model.predict(
        await prepareImage(request.body, request.contentType, model.imageShape, context.decodeLimit),
      ),
    );
    const body = formatProbabilities(prediction.probabilities);
    report({ outcome: 'ok', ...predictionFields(chosen, prediction) });
    if (live.capture && context.random() * 100 < live.record.capture.samplingPercent)
      scheduleCapture(live, chosen, request, body, meta, context);
    return {
      eventId: meta.eventId,
      variant: chosen.name,
      modelVersion: chosen.model.version,
      probabilities: Array.from(prediction.probabilities),
      body,
      contentType: RESPONSE_CONTENT_TYPE,
    };
  } catch (error) {
    report({
      outcome: outcomeOf(error),
      errorCode: isSconesError(error) ? error.code : 'INTERNAL',
      variant: variant?.name ?? null,
      modelVersion: variant?.model.version ?? null,
    });
    throw error;
  }
}

type ReportFields = Partial<InvocationRecord> & Pick<InvocationRecord, 'outcome'>;

/** Sends one invocation's record to the listeners; latencies are measured when it is called. */
function reporter(
  live: LiveEndpoint,
  started: number,
  meta: { time: number; eventId: string; inferenceId: string | null },
  context: InvocationContext,
): (fields: ReportFields) => void {
  return (fields) => {
    const totalMs = performance.now() - started;
    const modelLatencyMs = fields.modelLatencyMs ?? 0;
    emit(context, {
      endpoint: live.record.name,
      variant: null,
      modelVersion: null,
      ...meta,
      errorCode: null,
      batchSize: null,
      predictedIndex: null,
      predictedClass: null,
      confidence: null,
      ...fields,
      modelLatencyMs,
      overheadLatencyMs: Math.max(0, totalMs - modelLatencyMs),
    });
  };
}

function predictionFields(variant: LiveVariant, prediction: Prediction) {
  let best = 0;
  prediction.probabilities.forEach((p, i) => {
    if (p > (prediction.probabilities[best] as number)) best = i;
  });
  return {
    variant: variant.name,
    modelVersion: variant.model.version,
    modelLatencyMs: prediction.modelMs,
    batchSize: prediction.batchSize,
    predictedIndex: best,
    predictedClass: variant.model.spec.classes[best] ?? null,
    confidence: prediction.probabilities[best] ?? null,
  };
}

function scheduleCapture(
  live: LiveEndpoint,
  variant: LiveVariant,
  request: InvokeRequest,
  body: string,
  meta: { time: number; eventId: string; inferenceId: string | null },
  context: InvocationContext,
): void {
  const settings = live.record.capture;
  const destination = live.capture as CaptureDestination;
  // After the response is written: base64 and JSON of the record are not the caller's cost.
  setImmediate(() =>
    context.capture(destination, {
      endpoint: live.record.name,
      variant: variant.name,
      ...meta,
      input: settings.captureInput
        ? { contentType: mediaType(request.contentType) || 'application/octet-stream', bytes: request.body }
        : undefined,
      output: settings.captureOutput ? { contentType: RESPONSE_CONTENT_TYPE, text: body } : undefined,
    }),
  );
}

/** AWS: 1 to 64 printable characters, not starting with white space. */
function checkInferenceId(id: string): void {
  if (id.length === 0 || id.length > MAX_INFERENCE_ID || /^\s/.test(id) || /[\p{Cc}]/u.test(id))
    throw inferenceError(
      'INVALID_INFERENCE_ID',
      `inference id must be 1 to ${MAX_INFERENCE_ID} printable characters not starting with a space`,
    );
}

const CLIENT_CODES = new Set<string>([
  inferenceError.codes.UNSUPPORTED_CONTENT_TYPE,
  inferenceError.codes.EMPTY_BODY,
  inferenceError.codes.INVALID_IMAGE,
  inferenceError.codes.IMAGE_TOO_LARGE,
  inferenceError.codes.NO_SUCH_VARIANT,
  inferenceError.codes.INVALID_INFERENCE_ID,
]);

function outcomeOf(error: unknown): InvocationOutcome {
  if (!isSconesError(error)) return 'error';
  if (CLIENT_CODES.has(error.code)) return 'client_error';
  if (error.code === inferenceError.codes.MODEL_FAILED) return 'model_error';
  if (error.code === inferenceError.codes.OVERLOADED) return 'throttled';
  return 'error';
}

function emit(context: InvocationContext, record: InvocationRecord): void {
  for (const listener of context.listeners) {
    try {
      listener.onInvocation(record);
    } catch (error) {
      context.logger.error({ err: error }, 'an invocation listener failed');
    }
  }
}
