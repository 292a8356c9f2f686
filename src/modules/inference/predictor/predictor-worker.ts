// Predictor worker thread: loads one model once, then decodes and runs each batch it is sent.
import { parentPort } from 'node:worker_threads';
import { decodeFastPng } from '../serving/png-fast-path.js';
import { type Backend, openBackend } from './backends.js';
import type { InputShape, WorkerRequest, WorkerResponse } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('predictor-worker runs as a worker thread');

let backend: Backend | undefined;
let shape: InputShape | undefined;

const reply = (message: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
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
  const errors: (string | null)[] = request.images.map(() => null);
  const valid: number[] = [];
  const input = new Float32Array(request.images.length * size);
  request.images.forEach((image, i) => {
    try {
      const offset = valid.length * size;
      if (image.kind === 'png') decodeFastPng(image.bytes, input, offset);
      else for (let p = 0; p < size; p++) input[offset + p] = image.pixels[p] as number;
      valid.push(i);
    } catch (error) {
      errors[i] = messageOf(error);
    }
  });
  const started = performance.now();
  const output =
    valid.length > 0 ? await backend.run(input.subarray(0, valid.length * size), valid.length) : undefined;
  const modelMs = performance.now() - started;
  const classes = output ? output.length / valid.length : 0;
  const probabilities = new Float32Array(request.images.length * classes);
  valid.forEach((image, row) => {
    probabilities.set((output as Float32Array).subarray(row * classes, (row + 1) * classes), image * classes);
  });
  reply({ type: 'result', id: request.id, probabilities, classes, errors, modelMs }, [
    probabilities.buffer as ArrayBuffer,
  ]);
}
