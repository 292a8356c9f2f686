// Every module's migrations: what `scones db migrate` and every start apply.
import { functionsMigrations } from '../modules/functions/index.js';
import { iamMigrations } from '../modules/iam/index.js';
import { inferenceMigrations } from '../modules/inference/index.js';
import { modelMigrations } from '../modules/models/index.js';
import { monitoringMigrations } from '../modules/monitoring/index.js';
import { sagemakerControlMigrations } from '../modules/sagemaker-control/index.js';
import { workflowMigrations } from '../modules/workflows/index.js';
import type { Migrations } from '../platform/db/port.js';

export const allMigrations: Migrations = {
  ...modelMigrations,
  ...iamMigrations,
  ...functionsMigrations,
  ...workflowMigrations,
  ...inferenceMigrations,
  ...monitoringMigrations,
  ...sagemakerControlMigrations,
};
