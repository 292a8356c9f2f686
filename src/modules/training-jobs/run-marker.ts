// The marker of the run in progress: written when a run starts, removed when it registers, read by --resume.
import type { ObjectStore } from '../storage/index.js';
import type { TrainOptions } from '../training/index.js';

export const RUN_MARKER_KEY = 'runs/in-progress.json';

export interface RunMarker {
  readonly runId: string;
  readonly datasetBucket: string;
  readonly options: TrainOptions;
  readonly startedAt: number;
}

export async function readRunMarker(store: ObjectStore, bucket: string): Promise<RunMarker | undefined> {
  try {
    return JSON.parse((await store.getObjectBytes(bucket, RUN_MARKER_KEY)).toString('utf8')) as RunMarker;
  } catch (error) {
    if ((error as { code?: string }).code === 'STORAGE_NO_SUCH_KEY') return undefined;
    throw error;
  }
}

export async function writeRunMarker(store: ObjectStore, bucket: string, marker: RunMarker): Promise<void> {
  await store.putObject(bucket, RUN_MARKER_KEY, Buffer.from(JSON.stringify(marker, null, 2)), {
    contentType: 'application/json',
  });
}

export async function clearRunMarker(store: ObjectStore, bucket: string): Promise<void> {
  await store.deleteObject(bucket, RUN_MARKER_KEY);
}
