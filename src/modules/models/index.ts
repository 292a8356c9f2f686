// Public face of the model registry.
export { MODEL_ERROR_CODES, modelError } from './errors.js';
export {
  type ArtifactRef,
  MODEL_STATUSES,
  ModelRegistry,
  type ModelStatus,
  type ModelVersion,
  REQUIRED_ARTIFACT_ROLES,
  type RegisterInput,
} from './model-registry.js';
export { modelMigrations } from './schema.js';
