// Publishes an endpoint's Scones baseline where a data-quality job definition's reports go, as Model Monitor's
// baselining job would: `<S3Uri>/<endpoint>/baseline/statistics.json` and `constraints.json`. Written when a
// definition is created for an endpoint that has a baseline, and again for every definition of the endpoint
// whenever a new baseline is made or its constraints are edited.

import { isSconesError } from '../../../kernel/errors.js';
import type { Logger } from '../../../kernel/logger.js';
import type { BaselineDocuments } from '../../monitoring/index.js';
import { formatS3Uri, type ObjectStore, parseS3Uri, STORAGE_ERROR_CODES } from '../../storage/index.js';
import type { ResourceRepository } from '../resource-repository.js';
import { endpointOf, JOB_DEFINITION_KIND, outputOf, type StoredJobDefinition } from './job-definitions.js';
import type { MonitorPort } from './monitor-port.js';
import { sagemakerConstraints } from './sagemaker-constraints.js';
import { sagemakerStatistics } from './sagemaker-documents.js';

// A type alias: Describe's body is a string-keyed record, which an interface is not assignable to.
export type BaselineConfig = {
  readonly StatisticsResource: { readonly S3Uri: string };
  readonly ConstraintsResource: { readonly S3Uri: string };
};

/** `<output>/<endpoint>/baseline/<file>` as an S3 location. */
function baselineLocation(definition: StoredJobDefinition, endpoint: string, file: string) {
  const output = parseS3Uri(outputOf(definition));
  const key = [output.key.replace(/\/+$/, ''), endpoint, 'baseline', file].filter((p) => p !== '').join('/');
  return { bucket: output.bucket, key, uri: formatS3Uri({ bucket: output.bucket, key }) };
}

const MISSING = new Set<string>([STORAGE_ERROR_CODES.NO_SUCH_KEY, STORAGE_ERROR_CODES.NO_SUCH_BUCKET]);

export class BaselineExporter {
  constructor(
    private readonly parts: {
      readonly repository: ResourceRepository;
      readonly store: ObjectStore;
      readonly monitor: MonitorPort;
      /** The endpoint's name as it was created (definitions may name it in another case), or undefined. */
      readonly endpointName: (name: string) => Promise<string | undefined>;
      readonly logger: Logger;
    },
  ) {}

  /** After CreateDataQualityJobDefinition: the endpoint's current baseline, if it has one. */
  async exportDefinition(definition: StoredJobDefinition): Promise<void> {
    if (definition.DataQualityBaselineConfig !== undefined) return;
    try {
      const endpoint = await this.parts.endpointName(endpointOf(definition));
      const baseline =
        endpoint === undefined ? undefined : await this.parts.monitor.currentBaseline(endpoint);
      if (baseline) await this.#write(definition, baseline);
    } catch (error) {
      // The definition is made either way; the next baseline of the endpoint writes its files again.
      this.parts.logger.warn(
        { err: error, definition: definition.JobDefinitionName },
        'could not write the endpoint baseline for a new data quality job definition',
      );
    }
  }

  /** After a new baseline: every definition watching the endpoint that names no baseline of its own. */
  async exportBaseline(baseline: BaselineDocuments): Promise<void> {
    for (const { body } of await this.parts.repository.list<StoredJobDefinition>(JOB_DEFINITION_KIND)) {
      if (body.DataQualityBaselineConfig !== undefined) continue;
      const endpoint = await this.parts.endpointName(endpointOf(body));
      if (endpoint === baseline.endpoint) await this.#write(body, baseline);
    }
  }

  /** What Describe shows of a definition created without a baseline config: the files, once written. */
  async describedConfig(definition: StoredJobDefinition): Promise<BaselineConfig | undefined> {
    const endpoint = await this.parts.endpointName(endpointOf(definition));
    if (endpoint === undefined) return undefined;
    const statistics = baselineLocation(definition, endpoint, 'statistics.json');
    const constraints = baselineLocation(definition, endpoint, 'constraints.json');
    try {
      await this.parts.store.headObject(constraints.bucket, constraints.key);
    } catch (error) {
      // No baseline written there (yet): nothing to name, as for a definition made without one.
      if (isSconesError(error) && MISSING.has(error.code)) return undefined;
      throw error;
    }
    return {
      ConstraintsResource: { S3Uri: constraints.uri },
      StatisticsResource: { S3Uri: statistics.uri },
    };
  }

  async #write(definition: StoredJobDefinition, baseline: BaselineDocuments): Promise<void> {
    const documents = {
      'statistics.json': sagemakerStatistics(baseline.statistics),
      'constraints.json': sagemakerConstraints(baseline.statistics, baseline.constraints),
    };
    // Statistics first: constraints.json is what Describe looks for, so both are there once it is.
    for (const [file, document] of Object.entries(documents)) {
      const target = baselineLocation(definition, baseline.endpoint, file);
      await this.parts.store.ensureBucket(target.bucket);
      await this.parts.store.putObject(
        target.bucket,
        target.key,
        Buffer.from(`${JSON.stringify(document, null, 2)}\n`),
        { contentType: 'application/json' },
      );
    }
  }
}
