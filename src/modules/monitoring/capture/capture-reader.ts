// Finds the capture files of one endpoint and time window (`<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/`)
// and yields their records in key order, so a window always reads the same records in the same order.
import type { ObjectStore } from '../../storage/index.js';
import { type CapturedRecord, parseCaptureLine } from './capture-record.js';

export interface CaptureLocation {
  readonly bucket: string;
  /** Key prefix without a trailing slash; empty for the bucket root. */
  readonly prefix: string;
}

export interface TimeWindow {
  /** Epoch milliseconds, inclusive. */
  readonly from: number;
  /** Epoch milliseconds, exclusive. */
  readonly to: number;
}

export interface CaptureFile {
  readonly key: string;
  readonly size: number;
}

export interface CaptureBatch {
  readonly key: string;
  /** Size of the file, and its line count, to estimate a window's records from its files' sizes. */
  readonly bytes: number;
  readonly lines: number;
  readonly records: readonly CapturedRecord[];
  /** Lines that are not capture records, with the reason. */
  readonly unreadable: readonly string[];
}

const HOUR_MS = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

function hourFolder(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}/`;
}

function endpointCapturePrefix(location: CaptureLocation, endpoint: string): string {
  return `${location.prefix ? `${location.prefix}/` : ''}${endpoint}/`;
}

/** Files read ahead while the current one is processed (reads overlap the decoding). */
const READ_AHEAD = 4;

/** The window's files, file by file in key order; records outside the window are left out. */
export async function* readCaptureFiles(
  store: ObjectStore,
  bucket: string,
  files: readonly CaptureFile[],
  window: TimeWindow,
): AsyncGenerator<CaptureBatch> {
  const reads: Array<Promise<Buffer>> = [];
  const readAt = (index: number) => {
    const read = store.getObjectBytes(bucket, (files[index] as CaptureFile).key);
    // Awaited in turn below; until then a failure must not count as unhandled.
    read.catch(() => {});
    reads.push(read);
  };
  for (let i = 0; i < Math.min(READ_AHEAD, files.length); i++) readAt(i);
  for (let i = 0; i < files.length; i++) {
    const bytes = await (reads.shift() as Promise<Buffer>);
    if (i + READ_AHEAD < files.length) readAt(i + READ_AHEAD);
    yield {
      key: (files[i] as CaptureFile).key,
      bytes: bytes.length,
      ...parseFile(bytes.toString('utf8'), window),
    };
  }
}

function parseFile(text: string, window: TimeWindow): Omit<CaptureBatch, 'key' | 'bytes'> {
  const records: CapturedRecord[] = [];
  const unreadable: string[] = [];
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    lines++;
    const record = parseCaptureLine(line);
    if (typeof record === 'string') unreadable.push(record);
    else if (record.time >= window.from && record.time < window.to) records.push(record);
  }
  return { records, unreadable, lines };
}

/** The capture files of the hours the window touches, in key order. */
export async function listCaptureFiles(
  store: ObjectStore,
  location: CaptureLocation,
  endpoint: string,
  window: TimeWindow,
): Promise<CaptureFile[]> {
  const base = endpointCapturePrefix(location, endpoint);
  const variants = await store
    .listObjects(location.bucket, { prefix: base, delimiter: '/', maxKeys: 1000 })
    .catch(() => undefined);
  const files: CaptureFile[] = [];
  for (const variant of [...(variants?.commonPrefixes ?? [])].sort()) {
    for (let hour = Math.floor(window.from / HOUR_MS) * HOUR_MS; hour < window.to; hour += HOUR_MS) {
      for await (const object of store.listAllObjects(location.bucket, `${variant}${hourFolder(hour)}`))
        if (object.key.endsWith('.jsonl')) files.push({ key: object.key, size: object.size });
    }
  }
  return files;
}
