// Moves an existing home's image pipeline onto the renamed built-ins, once the classic-named ones are retired.
import { BUILTIN_FUNCTIONS, type FunctionsService } from '../../modules/functions/index.js';
import { stateMachineArn, type WorkflowService } from '../../modules/workflows/index.js';
import { IMAGE_PIPELINE, imagePipelineDefinition } from './definitions.js';

const LEGACY_NAME = new Map(BUILTIN_FUNCTIONS.map((builtin) => [builtin.name, builtin.legacyName]));

/**
 * The image pipeline `scones up` saved with the classic function names now names deleted functions: it is
 * rewritten onto the built-ins' new names. A definition someone edited is theirs and is left as it is.
 */
export async function rewireImagePipeline(
  functions: FunctionsService,
  workflows: WorkflowService,
): Promise<boolean> {
  const arn = stateMachineArn(workflows.scope, IMAGE_PIPELINE);
  const existing = await workflows.machines.describe(arn).catch(() => undefined);
  if (!existing) return false;
  const legacy = imagePipelineDefinition((name) => functions.arn(LEGACY_NAME.get(name) ?? name));
  if (existing.definition !== legacy) return false;
  const definition = imagePipelineDefinition((name) => functions.arn(name));
  await workflows.machines.update({ stateMachineArn: arn, definition });
  return true;
}
