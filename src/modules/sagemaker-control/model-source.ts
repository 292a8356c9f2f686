// Between the registry and `model.tar.gz`: a registered version packed for S3, and a ModelDataUrl resolved to the
// version it holds (registered again from the archive when this home does not have it yet).
import { createHash } from 'node:crypto';
import type { ModelRegistry, ModelVersion } from '../models/index.js';
import { type ObjectStore, parseS3Uri } from '../storage/index.js';
import { sagemakerControlError } from './errors.js';
import { PACKAGE_FORMAT, type PackageFile, packModel, readMetadata, unpackModel } from './model-package.js';

const FILE_NAMES: Readonly<Record<string, string>> = {
  'tfjs-model': 'model.json',
  'tfjs-weights': 'weights.bin',
  onnx: 'model.onnx',
  preprocessing: 'preprocessing.json',
  report: 'report.json',
};

export class ModelSource {
  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ModelRegistry,
    /** Where versions registered from an archive keep their artifacts. */
    private readonly modelsBucket: string,
  ) {}

  /** Writes `version` as a model.tar.gz at `s3Uri`. */
  async publish(version: ModelVersion, s3Uri: string): Promise<void> {
    const files: PackageFile[] = [];
    const names: Record<string, string> = {};
    for (const artifact of version.artifacts) {
      const name = FILE_NAMES[artifact.role] ?? `${artifact.role}.bin`;
      names[artifact.role] = name;
      files.push({ name, bytes: await this.store.getObjectBytes(version.artifactBucket, artifact.key) });
    }
    const archive = await packModel(
      {
        format: PACKAGE_FORMAT,
        runId: version.runId,
        arch: version.arch,
        temperature: version.temperature,
        files: names,
        hyperparameters: version.hyperparameters,
        metrics: version.metrics,
        lineage: version.lineage,
        preprocessing: version.preprocessing,
      },
      files,
    );
    const { bucket, key } = parseS3Uri(s3Uri);
    await this.store.ensureBucket(bucket);
    await this.store.putObject(bucket, key, archive, { contentType: 'application/x-gzip' });
  }

  /** The registry version a ModelDataUrl holds; throws VALIDATION saying why it cannot be served. */
  async resolve(modelDataUrl: string): Promise<number> {
    const { bucket, key } = parseS3Uri(modelDataUrl);
    const bytes = await this.store.getObjectBytes(bucket, key).catch((error: unknown) => {
      throw sagemakerControlError('VALIDATION', `Could not read model data from ${modelDataUrl}`, {}, error);
    });
    const files = await unpackModel(bytes, modelDataUrl);
    const metadata = readMetadata(files, modelDataUrl);
    const known = (await this.registry.list()).find((version) => version.runId === metadata.runId);
    if (known) return known.version;
    const prefix = `imported/${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
    const artifacts: Record<string, string> = {};
    await this.store.ensureBucket(this.modelsBucket);
    for (const [role, name] of Object.entries(metadata.files)) {
      const file = files.get(name);
      if (!file) throw sagemakerControlError('VALIDATION', `${modelDataUrl} lacks ${name} (${role})`);
      artifacts[role] = `${prefix}/${name}`;
      await this.store.putObject(this.modelsBucket, artifacts[role] as string, file);
    }
    const registered = await this.registry.register({
      runId: metadata.runId,
      arch: metadata.arch,
      artifactBucket: this.modelsBucket,
      artifacts,
      hyperparameters: metadata.hyperparameters,
      metrics: metadata.metrics,
      lineage: { ...metadata.lineage, importedFrom: modelDataUrl },
      preprocessing: metadata.preprocessing,
      temperature: metadata.temperature,
    });
    return registered.version;
  }
}
