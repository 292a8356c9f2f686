// Worker thread entry: trains its gradient shards in lockstep with the others, then serves evaluations.
import { parentPort, workerData } from 'node:worker_threads';
import { useWasmBackend } from '../backend/wasm-backend.js';
import { layersModel, predictSerialized, serializeLayersModel } from '../export/tfjs-layers.js';
import { compileNet, findArchitecture } from '../net/architecture.js';
import { EpochLoop } from '../train/epoch-loop.js';
import { exchangeLength, ShardRunner } from '../train/shard-runner.js';
import type { WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';
import { validationChunk } from './protocol.js';
import { SharedExchange } from './shared-exchange.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('train-worker runs only as a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);

async function main(): Promise<void> {
  const backend = await useWasmBackend();
  const { job } = init;
  const arch = findArchitecture(job.arch);
  if (!arch) throw new Error(`unknown architecture ${job.arch}`);
  const net = compileNet(job.arch, arch, job.classes);
  const settings = {
    batchSize: job.batchSize,
    shards: job.shards,
    cutout: job.augmentation.cutout,
    labelSmoothing: job.labelSmoothing,
  };
  const runner = new ShardRunner(
    backend,
    net,
    { images: init.images, labels: init.labels, table: job.table },
    settings,
  );
  const exchange = new SharedExchange(init.buffers, init.workers, job.shards, exchangeLength(net));
  const state = init.start;
  const loop = new EpochLoop(job, net, runner, exchange, init.shards, state);
  const validation = validationChunk(job.validationIndices, init.index, init.workers);
  while (state.epoch < job.epochs && !exchange.stopAgreed()) {
    const totals = loop.run();
    const logits = runner.logits(init.images, validation, state.params, state.stats);
    const snapshot =
      init.index === 0
        ? {
            state: {
              ...state,
              params: state.params.slice(),
              stats: state.stats.slice(),
              velocity: state.velocity.slice(),
            },
          }
        : {};
    post({ type: 'epoch', worker: init.index, epoch: state.epoch, totals, validation: logits, ...snapshot });
  }
  post({ type: 'trained', worker: init.index });
  port?.on('message', (request: WorkerRequest) => {
    serve(request, runner).catch(fail);
  });
}

async function serve(request: WorkerRequest, runner: ShardRunner): Promise<void> {
  switch (request.type) {
    case 'logits': {
      const logits = request.sets.map((set) =>
        runner.logits(set.images, set.indices, request.params, request.stats, request.flip),
      );
      post({ type: 'logits', id: request.id, logits });
      return;
    }
    case 'export': {
      const model = layersModel(request.net, 32);
      const serialized = await serializeLayersModel(model).finally(() => model.dispose());
      const probabilities = await predictSerialized(serialized, request.images, request.count, 32);
      post({ type: 'exported', id: request.id, ...serialized, probabilities });
    }
  }
}

function fail(error: unknown): void {
  post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

main().catch(fail);
