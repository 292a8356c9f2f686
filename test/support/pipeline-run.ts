// A real, small `scones up` for end-to-end tests: the pipeline's own stages on a folder of a few shared CIFAR images
// (prepare, a two-epoch model, deploy with data capture, baseline, state machines, the test batch, a report).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { type App, createApp } from '../../src/app/container.js';
import { runUp, type UpSummary } from '../../src/app/pipeline/up.js';
import type { RunningServer } from '../../src/app/server.js';
import { silentProgress } from '../../src/kernel/progress.js';
import { makeSmallImageFolder } from './small-dataset.js';

export interface PipelineRun {
  readonly app: App;
  readonly server: RunningServer;
  readonly summary: UpSummary;
  readonly home: string;
  close(): Promise<void>;
}

export interface SmallPipelineOptions {
  /** Training images of each class (a quarter as many test images). */
  readonly perClass?: number;
  /** The filter function's THRESHOLD (and monitoring's); a two-epoch model is rarely 93% sure, so tests pick one
   * it straddles. */
  readonly threshold?: number;
}

export async function runSmallPipeline(options: SmallPipelineOptions = {}): Promise<PipelineRun> {
  const { perClass = 40, threshold } = options;
  const home = await mkdtemp(path.join(os.tmpdir(), 'scones-pipeline-'));
  const config = loadConfig({
    env: { SCONES_HOME: path.join(home, 'state'), SCONES_LOG_LEVEL: 'error' },
    cwd: home,
    overrides: {
      'server.port': 0,
      'inference.captureFlushMs': 200,
      ...(threshold === undefined ? {} : { 'monitoring.confidenceThreshold': threshold }),
    },
  });
  const app = await createApp(config, { cwd: home });
  try {
    if (threshold !== undefined)
      await app.functions.updateConfiguration('scones-filterLowConfidence', {
        environment: { THRESHOLD: String(threshold) },
      });
    const { server, summary } = await runUp(
      app,
      {
        source: await makeSmallImageFolder(home, perClass),
        retrain: false,
        // The small network: its two-epoch confidences are known to straddle the tests' threshold.
        training: { epochs: 2, batchSize: 32, arch: 'resnet8-pad' },
        listen: config.server,
      },
      { stage: () => {}, progress: silentProgress },
    );
    return {
      app,
      server,
      summary,
      home,
      close: async () => {
        await server.close();
        await rm(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app.close();
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}
