// Reads one SageMaker Data Capture line: the image sent, the probabilities answered, and when.

export interface CapturedRecord {
  readonly eventId: string;
  /** Epoch milliseconds of `eventMetadata.inferenceTime`. */
  readonly time: number;
  readonly input: { readonly contentType: string; readonly bytes: Uint8Array } | undefined;
  /** Class probabilities in class-index order; undefined when the output is missing or not a list. */
  readonly probabilities: number[] | undefined;
}

interface CaptureData {
  readonly observedContentType?: unknown;
  readonly data?: unknown;
  readonly encoding?: unknown;
}

interface CaptureLine {
  readonly captureData?: { readonly endpointInput?: CaptureData; readonly endpointOutput?: CaptureData };
  readonly eventMetadata?: { readonly eventId?: unknown; readonly inferenceTime?: unknown };
}

/** The record, or a string saying why the line is unusable. */
export function parseCaptureLine(line: string): CapturedRecord | string {
  let parsed: CaptureLine;
  try {
    parsed = JSON.parse(line) as CaptureLine;
  } catch {
    return 'not JSON';
  }
  const time = Date.parse(String(parsed.eventMetadata?.inferenceTime));
  if (!Number.isFinite(time)) return 'no eventMetadata.inferenceTime';
  const input = parsed.captureData?.endpointInput;
  return {
    eventId: String(parsed.eventMetadata?.eventId ?? ''),
    time,
    input:
      input && typeof input.data === 'string'
        ? {
            contentType: String(input.observedContentType ?? ''),
            bytes: decodeData(input.data, input.encoding),
          }
        : undefined,
    probabilities: readProbabilities(parsed.captureData?.endpointOutput),
  };
}

function decodeData(data: string, encoding: unknown): Uint8Array {
  return encoding === 'BASE64' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
}

function readProbabilities(output: CaptureData | undefined): number[] | undefined {
  if (!output || typeof output.data !== 'string') return undefined;
  const text =
    output.encoding === 'BASE64' ? Buffer.from(output.data, 'base64').toString('utf8') : output.data;
  let values: unknown;
  if (output.encoding === 'CSV') values = text.split(',').map(Number);
  else {
    try {
      values = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(values) || values.length === 0) return undefined;
  return values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (values as number[]) : undefined;
}
