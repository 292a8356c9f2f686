// Predictor worker thread: loads one model once, then decodes and runs each batch it is sent.
import { parentPort } from 'node:worker_threads';
import { decodeFastPng } from '../serving/png-fast-path.js';
import { type Backend, openBackend } from './backends.js';
import { type InputShape, PNG_KIND, type WorkerRequest, type WorkerResponse } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('predictor-worker runs as a worker thread');

let backend: Backend | undefined;
let shape: InputShape | undefined;
/** Reused between batches: the runtimes read it during `run` only. */
let input = new Float32Array(0);

const reply = (message: WorkerResponse) => port.postMessage(message);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'load') {
    shape = request.shape;
    openBackend(request.source, request.shape).then(
      (opened) => {
        backend = opened;
        reply({ type: 'ready' });
      },
      (error: unknown) => reply({ type: 'load-failed', message: messageOf(error) }),
    );
    return;
  }
  runBatch(request).catch((error: unknown) =>
    reply({ type: 'run-failed', id: request.id, message: messageOf(error) }),
  );
});

async function runBatch(request: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  if (!backend || !shape) throw new Error('the model is not loaded');
  const size = shape.height * shape.width * shape.channels;
  const { kinds, offsets, data } = request.batch;
  const count = kinds.length;
  const errors: (string | null)[] = new Array(count).fill(null);
  const valid: number[] = [];
  if (input.length < count * size) input = new Float32Array(count * size);
  for (let i = 0; i < count; i++) {
    const bytes = data.subarray(offsets[i], offsets[i + 1]);
    const offset = valid.length * size;
    try {
      if (kinds[i] === PNG_KIND) decodeFastPng(bytes, input, offset);
      else for (let p = 0; p < size; p++) input[offset + p] = bytes[p] as number;
      valid.push(i);
    } catch (error) {
      errors[i] = messageOf(error);
    }
  }
  const started = performance.now();
  const output =
    valid.length > 0 ? await backend.run(input.subarray(0, valid.length * size), valid.length) : undefined;
  const modelMs = performance.now() - started;
  const classes = output ? output.length / valid.length : 0;
  const probabilities = new Float32Array(count * classes);
  valid.forEach((image, row) => {
    probabilities.set((output as Float32Array).subarray(row * classes, (row + 1) * classes), image * classes);
  });
  reply({ type: 'result', id: request.id, probabilities, classes, errors, modelMs });
}
