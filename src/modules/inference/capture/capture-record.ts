// SageMaker Data Capture records (one JSON object per line) and the object keys of the files holding them.

export interface CaptureEvent {
  readonly endpoint: string;
  readonly variant: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly eventId: string;
  readonly inferenceId: string | null;
  readonly input: { readonly contentType: string; readonly bytes: Uint8Array } | undefined;
  readonly output: { readonly contentType: string; readonly text: string } | undefined;
}

/** `2022-02-14T17:25:49Z`: SageMaker writes inference times to the second. */
export function inferenceTime(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One JSON Lines record, fields in SageMaker's order; `inferenceId` only when the caller sent one. */
export function captureLine(event: CaptureEvent): string {
  const captureData: Record<string, unknown> = {};
  if (event.input)
    captureData.endpointInput = {
      observedContentType: event.input.contentType,
      mode: 'INPUT',
      data: Buffer.from(
        event.input.bytes.buffer,
        event.input.bytes.byteOffset,
        event.input.bytes.byteLength,
      ).toString('base64'),
      encoding: 'BASE64',
    };
  if (event.output)
    captureData.endpointOutput = {
      observedContentType: event.output.contentType,
      mode: 'OUTPUT',
      data: event.output.text,
      encoding: 'JSON',
    };
  return JSON.stringify({
    captureData,
    eventMetadata: {
      eventId: event.eventId,
      ...(event.inferenceId === null ? {} : { inferenceId: event.inferenceId }),
      inferenceTime: inferenceTime(event.time),
    },
    eventVersion: '0',
  });
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/`: the folder of the hour `time` falls in (UTC). */
export function captureFolder(prefix: string, endpoint: string, variant: string, time: number): string {
  const d = new Date(time);
  const base = prefix.replace(/\/+$/, '');
  const hour = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`;
  return `${base ? `${base}/` : ''}${endpoint}/${variant}/${hour}/`;
}

/** File name as SageMaker writes them: `<minute>-<second>-<millisecond>-<uuid>.jsonl`. */
export function captureFileName(time: number, uuid: string): string {
  const d = new Date(time);
  return `${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}-${pad(d.getUTCMilliseconds(), 3)}-${uuid}.jsonl`;
}
