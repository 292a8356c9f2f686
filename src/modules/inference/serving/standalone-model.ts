// One model version served on its own, as a SageMaker model container does (`scones serve-model`).
import type { Logger } from '../../../kernel/logger.js';
import type { FileCache } from '../../../platform/file-cache/port.js';
import type { ModelRegistry } from '../../models/index.js';
import type { ObjectStore } from '../../storage/index.js';
import { prepareImage } from './image-input.js';
import { LoadedModel, type ServingOptions } from './loaded-model.js';
import { formatProbabilities, RESPONSE_CONTENT_TYPE } from './response-format.js';
import { semaphore } from './semaphore.js';

export interface ModelAnswer {
  readonly body: string;
  readonly contentType: string;
  readonly probabilities: readonly number[];
}

export class StandaloneModel {
  readonly #decodeLimit: <T>(work: () => Promise<T>) => Promise<T>;

  private constructor(
    private readonly model: LoadedModel,
    decodeConcurrency: number,
  ) {
    this.#decodeLimit = semaphore(decodeConcurrency);
  }

  static async open(
    reference: string,
    deps: { models: ModelRegistry; store: ObjectStore; logger: Logger; files?: FileCache | undefined },
    options: { serving: ServingOptions; decodeConcurrency: number },
  ): Promise<StandaloneModel> {
    const version = await deps.models.resolve(reference);
    const model = await LoadedModel.load(version, deps.store, options.serving, deps.logger, deps.files);
    return new StandaloneModel(model, options.decodeConcurrency);
  }

  get version(): number {
    return this.model.version;
  }

  predict(body: Uint8Array, contentType: string | undefined): Promise<ModelAnswer> {
    return this.model.use(async (model) => {
      const image = await prepareImage(body, contentType, model.imageShape, this.#decodeLimit);
      const { probabilities } = await model.predict(image);
      return {
        body: formatProbabilities(probabilities),
        contentType: RESPONSE_CONTENT_TYPE,
        probabilities: Array.from(probabilities),
      };
    });
  }

  close(): Promise<void> {
    return this.model.unload();
  }
}
