// Loaded models shared by every variant that serves the same version: loaded once, unloaded by the last user.
import type { Logger } from '../../../kernel/logger.js';
import type { FileCache } from '../../../platform/file-cache/port.js';
import type { ModelRegistry } from '../../models/index.js';
import type { ObjectStore } from '../../storage/index.js';
import { LoadedModel, type ServingOptions } from './loaded-model.js';

interface Entry {
  readonly model: Promise<LoadedModel>;
  users: number;
}

export class ModelCache {
  readonly #entries = new Map<number, Entry>();

  constructor(
    private readonly models: ModelRegistry,
    private readonly store: ObjectStore,
    private readonly options: ServingOptions,
    private readonly logger: Logger,
    /** This node's file cache, where artifacts read once are kept. */
    private readonly files?: FileCache,
  ) {}

  /** The loaded, warmed-up model of a version; each call must be paired with one `release`. */
  async acquire(version: number): Promise<LoadedModel> {
    let entry = this.#entries.get(version);
    if (!entry) {
      const model = this.models
        .get(version)
        .then((found) => LoadedModel.load(found, this.store, this.options, this.logger, this.files));
      entry = { model, users: 0 };
      this.#entries.set(version, entry);
      model.catch(() => this.#entries.get(version) === entry && this.#entries.delete(version));
    }
    entry.users++;
    try {
      return await entry.model;
    } catch (error) {
      entry.users--;
      throw error;
    }
  }

  /** Unloads the model once no variant uses it; requests already on it finish first. */
  async release(model: LoadedModel): Promise<void> {
    const entry = this.#entries.get(model.version);
    if (!entry || --entry.users > 0) return;
    this.#entries.delete(model.version);
    await model.unload();
    this.logger.info({ version: model.version }, 'model unloaded');
  }

  loadedVersions(): number[] {
    return [...this.#entries.keys()];
  }
}
