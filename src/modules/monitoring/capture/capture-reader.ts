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

export interface CaptureBatch {
  readonly key: string;
  readonly records: readonly CapturedRecord[];
  /** Lines that are not capture records, with the reason. */
  readonly unreadable: readonly string[];
}

const HOUR_MS = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

export function hourFolder(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}/`;
}

export function endpointCapturePrefix(location: CaptureLocation, endpoint: string): string {
  return `${location.prefix ? `${location.prefix}/` : ''}${endpoint}/`;
}

/** Capture files of the window, file by file; records outside the window are left out. */
export async function* readCaptureWindow(
  store: ObjectStore,
  location: CaptureLocation,
  endpoint: string,
  window: TimeWindow,
): AsyncGenerator<CaptureBatch> {
  for (const key of await captureKeys(store, location, endpoint, window)) {
    const text = (await store.getObjectBytes(location.bucket, key)).toString('utf8');
    const records: CapturedRecord[] = [];
    const unreadable: string[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const record = parseCaptureLine(line);
      if (typeof record === 'string') unreadable.push(record);
      else if (record.time >= window.from && record.time < window.to) records.push(record);
    }
    yield { key, records, unreadable };
  }
}

async function captureKeys(
  store: ObjectStore,
  location: CaptureLocation,
  endpoint: string,
  window: TimeWindow,
): Promise<string[]> {
  const base = endpointCapturePrefix(location, endpoint);
  const variants = await store
    .listObjects(location.bucket, { prefix: base, delimiter: '/', maxKeys: 1000 })
    .catch(() => undefined);
  const keys: string[] = [];
  for (const variant of [...(variants?.commonPrefixes ?? [])].sort()) {
    for (let hour = Math.floor(window.from / HOUR_MS) * HOUR_MS; hour < window.to; hour += HOUR_MS) {
      for await (const object of store.listAllObjects(location.bucket, `${variant}${hourFolder(hour)}`))
        if (object.key.endsWith('.jsonl')) keys.push(object.key);
    }
  }
  return keys;
}
