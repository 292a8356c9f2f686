// End-to-end latency of the image pipeline one image at a time, as a delivery driver's single photo sees it
// (the batch's per-image figures include queueing behind the Map's other items).
import type { App } from '../container.js';
import { latencyPercentiles } from './latency-percentiles.js';

export interface SingleImageLatency {
  readonly runs: number;
  readonly p50: number;
  readonly p99: number;
}

/** Runs the image pipeline on up to `runs` test images, one after another, timing start to end. */
export async function probeSingleImageLatency(
  app: App,
  imagePipelineArn: string,
  runs: number,
): Promise<SingleImageLatency> {
  const bucket = app.config.data.bucket;
  const listed = await app.store.listObjects(bucket, { prefix: 'test/', maxKeys: runs });
  const times: number[] = [];
  for (const { key } of listed.contents) {
    const started = performance.now();
    const { executionArn } = await app.workflows.executions.start({
      stateMachineArn: imagePipelineArn,
      input: JSON.stringify({ s3_bucket: bucket, s3_key: key }),
    });
    await app.workflows.executions.waitFor(executionArn);
    times.push(performance.now() - started);
  }
  return { runs: times.length, ...latencyPercentiles(times) };
}
