// Lambda's layer names and ARNs: `LayerName` is a name or a layer ARN; a function's `Layers` are version ARNs.
import { foreignPart, type HomeScope, parseArn } from '../../../kernel/arn.js';
import { functionsError } from '../errors.js';

export interface LayerVersionRef {
  readonly name: string;
  readonly version: number;
}

const NAME = /^[a-zA-Z0-9_-]{1,140}$/;

export function layerArn(home: HomeScope, name: string, version?: number): string {
  const base = `arn:${home.partition}:lambda:${home.region}:${home.accountId}:layer:${name}`;
  return version === undefined ? base : `${base}:${version}`;
}

/** A `LayerName` path parameter: a name, or the layer's ARN (of this server; another's does not exist here). */
export function parseLayerName(text: string, home: HomeScope): string {
  if (!text.startsWith('arn:')) return checkedName(text);
  const arn = parseArn(text);
  const match = arn && /^layer:([^:]+)$/.exec(arn.resource);
  if (arn?.service !== 'lambda' || !match?.[1]) throw invalidName(text);
  if (foreignPart(home, arn) !== undefined) throw layerNotFound();
  return checkedName(match[1]);
}

/** A layer version ARN; undefined when it names another partition, region or account (not stored here). */
export function parseLayerVersionArn(text: string, home: HomeScope): LayerVersionRef | undefined {
  const arn = parseArn(text);
  const match = arn && /^layer:([a-zA-Z0-9_-]{1,140}):([1-9]\d{0,15})$/.exec(arn.resource);
  if (arn?.service !== 'lambda' || !match?.[1] || !match[2])
    throw functionsError(
      'INVALID_PARAMETER',
      `1 validation error detected: Value '${text}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+`,
      { arn: text },
    );
  if (foreignPart(home, arn) !== undefined) return undefined;
  return { name: match[1], version: Number(match[2]) };
}

export function layerNotFound() {
  return functionsError('LAYER_NOT_FOUND', 'The resource you requested does not exist.');
}

function checkedName(name: string): string {
  if (!NAME.test(name)) throw invalidName(name);
  return name;
}

function invalidName(name: string) {
  return functionsError(
    'VALIDATION_FAILED',
    `1 validation error detected: Value '${name}' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+`,
    { layerName: name },
  );
}
