// Lambda layers: publishing zips as numbered immutable versions, listing them, their permission policies, and
// turning a function's layer ARNs into the folder its guests see at /opt.
import type { Kysely } from 'kysely';
import type { HomeScope } from '../../../kernel/arn.js';
import type { Clock } from '../../../kernel/clock.js';
import { functionsError } from '../errors.js';
import type { CodeObjectReader } from '../ports.js';
import { type CodeStorage, CodeStore, hashFolder, type StoredCode } from '../registry/code-store.js';
import type { AttachedLayer } from '../registry/records.js';
import { readS3Code } from '../registry/s3-code.js';
import { layerArn, layerNotFound, parseLayerVersionArn } from './layer-arn.js';
import { mergedLayers } from './layer-merge.js';
import { layerStatement, type PermissionInput, policyDocument } from './layer-policy.js';
import { LayerRegistry, type LayerVersionRecord, type LayerVersionSpec } from './layer-registry.js';
import type { LayerTables } from './layer-schema.js';

/** Lambda's limit on the layers of one function. */
export const MAX_FUNCTION_LAYERS = 5;

export type LayerContent =
  | { readonly kind: 'zip'; readonly bytes: Buffer }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string };

export interface PublishLayerInput {
  readonly name: string;
  readonly content: LayerContent;
  readonly description?: string;
  readonly compatibleRuntimes?: readonly string[];
  readonly compatibleArchitectures?: readonly string[];
  readonly licenseInfo?: string;
}

export interface LayerFilter {
  readonly compatibleRuntime?: string;
  readonly compatibleArchitecture?: string;
}

export class LayersService {
  readonly #registry: LayerRegistry;
  readonly #code: CodeStore;

  constructor(
    db: Kysely<LayerTables>,
    clock: Clock,
    private readonly storage: CodeStorage,
    private readonly home: HomeScope,
    private readonly objects: CodeObjectReader | undefined,
  ) {
    this.#registry = new LayerRegistry(db, clock);
    this.#code = new CodeStore(storage, 'layers/');
  }

  /** Where layer versions' code is kept. */
  get code(): CodeStore {
    return this.#code;
  }

  arn(name: string, version?: number): string {
    return layerArn(this.home, name, version);
  }

  async publish(input: PublishLayerInput): Promise<LayerVersionRecord> {
    const bytes = await this.#zipOf(input.content);
    const stored = await this.#code.store(input.name, { kind: 'zip', bytes });
    return this.#registry.publish(input.name, versionSpec(input, stored));
  }

  /**
   * A layer Scones ships, from a folder laid out as the zip would be (`python/...`): content-addressed, so a new
   * version is published only when the folder's content differs from the layer's newest version.
   */
  async publishFolderIfChanged(
    input: Omit<PublishLayerInput, 'content'> & { readonly folder: string },
  ): Promise<{ record: LayerVersionRecord; published: boolean }> {
    // Unchanged (every start but the first): one hash and one read, nothing stored.
    const newest = await this.#registry.newest(input.name);
    if (newest && newest.codeSha256 === (await hashFolder(input.folder)).digest.toString('base64'))
      return { record: newest, published: false };
    const stored = await this.#code.store(input.name, { kind: 'path', path: input.folder });
    return this.#registry.publishIfChanged(input.name, versionSpec(input, stored));
  }

  get(name: string, version: number): Promise<LayerVersionRecord> {
    return this.#registry.get(name, version);
  }

  async getByArn(arn: string): Promise<LayerVersionRecord> {
    const ref = parseLayerVersionArn(arn, this.home);
    if (!ref) throw layerNotFound();
    return this.#registry.get(ref.name, ref.version);
  }

  /** ListLayers: each layer's newest version that matches the filter. */
  async list(filter: LayerFilter = {}): Promise<LayerVersionRecord[]> {
    const newest = new Map<string, LayerVersionRecord>();
    for (const record of await this.#registry.list())
      if (matches(record, filter) && !newest.has(record.name)) newest.set(record.name, record);
    return [...newest.values()];
  }

  /** ListLayerVersions: newest first. */
  async listVersions(name: string, filter: LayerFilter = {}): Promise<LayerVersionRecord[]> {
    return (await this.#registry.list(name)).filter((record) => matches(record, filter));
  }

  delete(name: string, version: number): Promise<void> {
    return this.#registry.delete(name, version);
  }

  async addPermission(
    name: string,
    version: number,
    input: PermissionInput & { readonly revisionId?: string },
  ): Promise<{ statement: string; revisionId: string }> {
    const current = await this.#current(name, version, input.revisionId);
    if (current.statements.some((s) => s.Sid === input.statementId))
      throw functionsError(
        'STATEMENT_EXISTS',
        `The statement id (${input.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      );
    const statement = layerStatement(input, this.arn(name, version), this.home.partition);
    const revisionId = await this.#registry.setStatements(current, [...current.statements, statement]);
    return { statement: JSON.stringify(statement), revisionId };
  }

  async policy(name: string, version: number): Promise<{ policy: string; revisionId: string }> {
    const current = await this.#registry.get(name, version);
    if (current.statements.length === 0)
      throw functionsError('LAYER_NOT_FOUND', 'No policy is associated with the given resource.');
    return { policy: policyDocument(current.statements), revisionId: current.policyRevision };
  }

  async removePermission(name: string, version: number, statementId: string, revisionId?: string) {
    const current = await this.#current(name, version, revisionId);
    const kept = current.statements.filter((s) => s.Sid !== statementId);
    if (kept.length === current.statements.length)
      throw functionsError('LAYER_NOT_FOUND', `Statement ${statementId} is not found in resource policy.`);
    await this.#registry.setStatements(current, kept);
  }

  /** A function's `Layers`: at most five live versions of this server, kept in order as canonical ARNs. */
  async checkAttachable(arns: readonly string[]): Promise<AttachedLayer[]> {
    if (arns.length > MAX_FUNCTION_LAYERS)
      throw functionsError('INVALID_PARAMETER', `Cannot reference more than ${MAX_FUNCTION_LAYERS} layers.`);
    const checked: AttachedLayer[] = [];
    for (const arn of arns) {
      const ref = parseLayerVersionArn(arn, this.home);
      const found = ref && (await this.#registry.find(ref.name, ref.version));
      if (!found)
        throw functionsError('INVALID_PARAMETER', `Layer version ${arn} does not exist.`, { layer: arn });
      checked.push({ arn: this.arn(found.name, found.version), codeSize: found.codeSize });
    }
    if (new Set(checked.map((layer) => layer.arn.replace(/:\d+$/, ''))).size !== checked.length)
      throw functionsError('INVALID_PARAMETER', 'Two different versions of the same layer are not allowed.');
    return checked;
  }

  /** The merged /opt folder of these layers, in order. */
  async optFolder(layers: readonly AttachedLayer[]): Promise<string> {
    const folders: string[] = [];
    for (const { arn } of layers) {
      const record = await this.#attachedVersion(arn);
      folders.push(await this.#code.folder(record.name, record.codeRef));
    }
    return mergedLayers(this.storage.cache, folders);
  }

  async #attachedVersion(arn: string): Promise<LayerVersionRecord> {
    const ref = parseLayerVersionArn(arn, this.home);
    const found = ref && (await this.#registry.find(ref.name, ref.version, true));
    if (!found) throw functionsError('CODE_NOT_FOUND', `layer version ${arn} is not stored here`);
    return found;
  }

  async #current(name: string, version: number, revisionId: string | undefined) {
    const current = await this.#registry.get(name, version);
    if (revisionId !== undefined && revisionId !== current.policyRevision)
      throw functionsError(
        'REVISION_MISMATCH',
        'The Revision Id provided does not match the latest Revision Id. Call the GetLayerVersionPolicy API to retrieve the latest Revision Id',
      );
    return current;
  }

  #zipOf(content: LayerContent): Promise<Buffer> {
    return content.kind === 'zip' ? Promise.resolve(content.bytes) : readS3Code(this.objects, content);
  }
}

function matches(record: LayerVersionRecord, filter: LayerFilter): boolean {
  const runtime = filter.compatibleRuntime;
  const architecture = filter.compatibleArchitecture;
  return (
    (runtime === undefined || record.compatibleRuntimes.includes(runtime)) &&
    (architecture === undefined || record.compatibleArchitectures.includes(architecture))
  );
}

/** What a new version records: the caller's description, its defaults, and where its code was stored. */
function versionSpec(input: Omit<PublishLayerInput, 'content'>, stored: StoredCode): LayerVersionSpec {
  return {
    description: input.description ?? '',
    compatibleRuntimes: input.compatibleRuntimes ?? [],
    compatibleArchitectures: input.compatibleArchitectures ?? [],
    ...(input.licenseInfo === undefined ? {} : { licenseInfo: input.licenseInfo }),
    codeSha256: stored.sha256,
    codeSize: stored.size,
    codeRef: stored.ref,
  };
}
