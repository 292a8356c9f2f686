// Deploy, list, describe and delete endpoints: what the CLI and REST API call; serving hosts load the result.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelRegistry } from '../../models/index.js';
import { inferenceError } from '../errors.js';
import {
  assertEndpointName,
  CAPTURE_FIELDS,
  type CaptureConfig,
  captureDisabled,
  DEFAULT_VARIANT_NAME,
  type EndpointDefinition,
  type VariantSpec,
  validateDefinition,
} from './definition.js';
import type { EndpointRecord, EndpointRepository } from './endpoint-repository.js';

export interface DeployVariant {
  /** Defaults to AllTraffic when the endpoint has one variant. */
  readonly name?: string | undefined;
  /** A model reference: a version number, `latest` or `approved`. */
  readonly model: string;
  readonly weight?: number | undefined;
}

export interface DeployRequest {
  readonly name: string;
  readonly variants: readonly DeployVariant[];
  /** Omitted fields keep the endpoint's current capture settings (capture is off for a new endpoint). */
  readonly capture?: Partial<CaptureConfig> | undefined;
  /** The role capture writes as (an IAM role ARN); omitted keeps the endpoint's current one. */
  readonly executionRoleArn?: string | undefined;
}

/** How long a host heartbeat stays fresh, in host poll intervals. */
const LIVE_HOST_INTERVALS = 4;

export class EndpointService {
  constructor(
    private readonly repository: EndpointRepository,
    private readonly models: ModelRegistry,
    private readonly options: { readonly captureDestination: string; readonly hostPollMs: number },
  ) {}

  async deploy(request: DeployRequest): Promise<EndpointRecord> {
    assertEndpointName(request.name);
    assertKnownCaptureFields(request.name, request.capture);
    const existing = await this.repository.find(request.name);
    const executionRoleArn = request.executionRoleArn ?? existing?.executionRoleArn;
    const definition = validateDefinition({
      name: request.name,
      variants: await this.#resolveVariants(request),
      capture: knownCaptureFields({
        ...(existing?.capture ?? captureDisabled(this.options.captureDestination)),
        ...definedFields(request.capture ?? {}),
      }),
      ...(executionRoleArn === undefined ? {} : { executionRoleArn }),
    });
    return this.repository.save(definition);
  }

  list(): Promise<EndpointRecord[]> {
    return this.repository.list();
  }

  async describe(name: string): Promise<EndpointRecord> {
    assertEndpointName(name);
    const found = await this.repository.find(name);
    if (!found) throw noSuchEndpoint(name);
    return found;
  }

  async delete(name: string): Promise<void> {
    assertEndpointName(name);
    if (!(await this.repository.remove(name))) throw noSuchEndpoint(name);
  }

  /** Whether a running server will pick up deploys (it heartbeats while it polls). */
  async hasLiveHost(): Promise<boolean> {
    return (await this.repository.liveHosts(this.options.hostPollMs * LIVE_HOST_INTERVALS)).length > 0;
  }

  /** Waits until a host serves `revision` of the endpoint, or reports that it could not. */
  async waitUntilServed(name: string, revision: number, timeoutMs: number): Promise<EndpointRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = await this.describe(name);
      const settled =
        record.revision !== revision ||
        (record.servedRevision ?? 0) >= revision ||
        record.status === 'Failed' ||
        record.failureReason !== null;
      if (settled) return record;
      if (Date.now() > deadline)
        throw inferenceError('TIMEOUT', `endpoint ${name} was not in service after ${timeoutMs} ms`, {
          endpoint: name,
        });
      await sleep(50);
    }
  }

  async #resolveVariants(request: DeployRequest): Promise<VariantSpec[]> {
    if (request.variants.length === 0)
      throw inferenceError('INVALID_DEFINITION', `endpoint ${request.name}: give a model or variants`);
    const single = request.variants.length === 1;
    return Promise.all(
      request.variants.map(async (variant, index) => {
        const name = variant.name ?? (single ? DEFAULT_VARIANT_NAME : `Variant${index + 1}`);
        const version = await this.models.resolve(variant.model);
        return { name, modelVersion: version.version, weight: variant.weight ?? 1 };
      }),
    );
  }
}

export function noSuchEndpoint(name: string) {
  // AWS answers this way, naming an account; Scones has one.
  return inferenceError('NO_SUCH_ENDPOINT', `Endpoint ${name} of account 000000000000 not found.`, {
    endpoint: name,
  });
}

/** AWS refuses a field its DataCaptureConfig does not define instead of saving it. */
function assertKnownCaptureFields(endpoint: string, capture: object | undefined): void {
  const known = new Set<string>(CAPTURE_FIELDS);
  const unknown = Object.keys(capture ?? {}).filter((field) => !known.has(field));
  if (unknown.length > 0)
    throw inferenceError(
      'INVALID_DEFINITION',
      `endpoint ${endpoint}: unknown capture setting ${unknown.map((f) => JSON.stringify(f)).join(', ')}; known: ${CAPTURE_FIELDS.join(', ')}`,
      { endpoint, fields: unknown },
    );
}

/** Only the defined fields: a definition saved before unknown fields were refused does not carry them on. */
function knownCaptureFields(capture: CaptureConfig): CaptureConfig {
  const { enabled, samplingPercent, captureInput, captureOutput, destination } = capture;
  return { enabled, samplingPercent, captureInput, captureOutput, destination };
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type { EndpointDefinition };
