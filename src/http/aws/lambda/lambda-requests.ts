// Reads Lambda's JSON request bodies into the functions service's inputs, refusing what Scones cannot honour.
import { type CodeSource, type FunctionSettings, functionsError } from '../../../modules/functions/index.js';

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
  if (body.PackageType !== undefined && body.PackageType !== 'Zip')
    throw invalid('only PackageType Zip is supported');
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

/** `Code.ZipFile` of CreateFunction, or `ZipFile` of UpdateFunctionCode (base64 in JSON). */
export function zipCodeOf(code: unknown): CodeSource {
  if (typeof code !== 'object' || code === null) throw invalid('Code.ZipFile is required');
  const { ZipFile: zip, S3Bucket: bucket, ImageUri: image } = code as Record<string, unknown>;
  if (bucket !== undefined || image !== undefined)
    throw invalid('only ZipFile code is supported; upload the zip itself');
  if (typeof zip !== 'string' || zip === '') throw invalid('ZipFile must be base64-encoded zip bytes');
  return { kind: 'zip', bytes: Buffer.from(zip, 'base64') };
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
