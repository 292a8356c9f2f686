// Reads Lambda's JSON request bodies into the functions service's inputs, refusing what Scones cannot honour.
import {
  type FunctionCode,
  type FunctionSettings,
  functionsError,
} from '../../../modules/functions/index.js';

export type JsonBody = Readonly<Record<string, unknown>>;

export function parseJsonBody(body: unknown): JsonBody {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw functionsError('INVALID_PAYLOAD', 'Could not parse request body into json', {}, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw functionsError('INVALID_PAYLOAD', 'the request body must be a JSON object');
  return parsed as JsonBody;
}

export function requiredString(body: JsonBody, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw invalid(`${key} is required`);
  return value;
}

export function optionalString(body: JsonBody, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${key} must be a string`);
  return value;
}

export function optionalNumber(body: JsonBody, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${key} must be a number`);
  return value;
}

/** The configuration fields of CreateFunction and UpdateFunctionConfiguration. */
export function settingsOf(body: JsonBody): FunctionSettings {
  if (body.PackageType === 'Image')
    throw invalid(
      "PackageType 'Image' is not supported by Scones: functions run from .zip code (PackageType 'Zip') in its sandbox, not from container images",
    );
  if (body.PackageType !== undefined && body.PackageType !== 'Zip')
    throw invalid(`PackageType '${String(body.PackageType)}' is not one of 'Zip' and 'Image'`);
  const environment = environmentOf(body.Environment);
  const fields = {
    runtime: optionalString(body, 'Runtime'),
    handler: optionalString(body, 'Handler'),
    timeoutSeconds: optionalNumber(body, 'Timeout'),
    memoryMb: optionalNumber(body, 'MemorySize'),
    environment,
    role: optionalString(body, 'Role'),
    description: optionalString(body, 'Description'),
    layers: layersOf(body.Layers),
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as FunctionSettings;
}

/**
 * `Code` of CreateFunction, or the body of UpdateFunctionCode: `ZipFile` (base64 in JSON), or `S3Bucket` + `S3Key`
 * naming a zip in Scones's object store (read with the caller's s3:GetObject, checked at the edge).
 */
export function functionCodeOf(code: unknown): FunctionCode {
  if (typeof code !== 'object' || code === null) throw invalid('Please provide a source for function code.');
  const body = code as JsonBody;
  if (body.ImageUri !== undefined && body.ImageUri !== null)
    throw invalid(
      "ImageUri is not supported by Scones: container images (PackageType 'Image') cannot run here; provide ZipFile or S3Bucket and S3Key",
    );
  const zip = optionalString(body, 'ZipFile');
  const location = s3CodeOf(body);
  if (zip !== undefined && location !== undefined)
    throw invalid('Please do not provide other FunctionCode parameters when providing a ZipFile.');
  if (location) return { kind: 's3', ...location };
  if (zip === undefined || zip === '') throw invalid('Please provide a source for function code.');
  return { kind: 'zip', bytes: Buffer.from(zip, 'base64') };
}

/** `S3Bucket` + `S3Key` (both or neither); `S3ObjectVersion` needs bucket versioning, which Scones lacks yet. */
export function s3CodeOf(body: JsonBody): { bucket: string; key: string } | undefined {
  const bucket = optionalString(body, 'S3Bucket');
  const key = optionalString(body, 'S3Key');
  const version = optionalString(body, 'S3ObjectVersion');
  if (bucket === undefined && key === undefined && version === undefined) return undefined;
  if (version !== undefined)
    throw invalid(
      'S3ObjectVersion is not supported by Scones yet: its object store keeps no object versions; omit it to use the current object',
    );
  if (bucket === undefined || key === undefined)
    throw invalid('Please provide both S3Bucket and S3Key for the function code.');
  return { bucket, key };
}

/** `Layers`: version ARNs in order; the service refuses unknown ones (never dropped). */
function layersOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw invalid('Layers must be a list of layer version ARNs');
  return value as string[];
}

function environmentOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const variables = (value as { Variables?: unknown }).Variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    throw invalid('Environment.Variables must be an object of strings');
  const entries = Object.entries(variables);
  if (!entries.every(([, v]) => typeof v === 'string'))
    throw invalid('Environment.Variables values must be strings');
  return Object.fromEntries(entries) as Record<string, string>;
}

function invalid(message: string) {
  return functionsError('INVALID_PARAMETER', message);
}
