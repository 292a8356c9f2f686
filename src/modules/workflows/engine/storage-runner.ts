// Carries out the storage commands of Map ItemReader/ResultWriter and reports back as events.
import type { Command } from '../asl/commands.js';
import { StatesErrors } from '../asl/errors.js';
import type { EventBody } from '../asl/events.js';
import type { HistoryEvent } from '../asl/history.js';
import type { Json } from '../asl/json.js';
import type { RunStatus } from '../asl/run-state.js';
import type { ObjectStorePort } from './ports.js';

export interface ExecutionResult {
  readonly status: Exclude<RunStatus, 'RUNNING'>;
  readonly output?: Json;
  readonly error?: string | null;
  readonly cause?: string | null;
  readonly history: readonly HistoryEvent[];
}

export type StorageCommand = Extract<Command, { type: 'readObject' | 'listObjects' | 'writeObject' }>;

export class StorageRunner {
  constructor(
    private readonly store: ObjectStorePort | undefined,
    private readonly report: (runId: string, body: EventBody) => void,
  ) {}

  run(runId: string, command: StorageCommand): void {
    void storageReport(this.store, command).then((body) => this.report(runId, body));
  }
}

/** Carries out one storage command; failures become the storageFailed event (it never rejects). */
export function storageReport(
  store: ObjectStorePort | undefined,
  command: StorageCommand,
): Promise<EventBody> {
  return perform(store, command).catch(
    (error: unknown): EventBody => ({
      type: 'storageFailed',
      requestId: command.requestId,
      error: command.type === 'writeObject' ? StatesErrors.ResultWriterFailed : StatesErrors.ItemReaderFailed,
      cause: error instanceof Error ? error.message : String(error),
    }),
  );
}

async function perform(store: ObjectStorePort | undefined, command: StorageCommand): Promise<EventBody> {
  if (store === undefined) throw new Error('No object store is configured for this workflow engine');
  const { requestId } = command;
  if (command.type === 'readObject') {
    const object = await store.readObject(command.bucket, command.key);
    return { type: 'objectRead', requestId, body: Buffer.from(object.body).toString('utf8') };
  }
  if (command.type === 'listObjects') {
    const objects = await store.listObjects(command.bucket, command.prefix);
    return {
      type: 'objectsListed',
      requestId,
      objects: objects.map((o) => ({
        Key: o.key,
        Size: o.size,
        ...(o.eTag === undefined ? {} : { Etag: o.eTag }),
        ...(o.lastModified === undefined ? {} : { LastModified: new Date(o.lastModified).toISOString() }),
        StorageClass: 'STANDARD',
      })),
    };
  }
  await store.writeObject(command.bucket, command.key, Buffer.from(command.body, 'utf8'), 'application/json');
  return { type: 'objectWritten', requestId };
}
