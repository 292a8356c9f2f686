// Definition validation for the module's services: throws WORKFLOW_INVALID_DEFINITION listing every problem.
import type { StateMachineDefinition } from './asl/definition.js';
import { validateDefinition } from './asl/validate/validate.js';
import { workflowError } from './errors.js';

export function assertValidDefinition(definition: unknown): asserts definition is StateMachineDefinition {
  const { result, diagnostics } = validateDefinition(definition);
  if (result === 'OK') return;
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');
  const summary = errors
    .slice(0, 5)
    .map((d) => `${d.location || '/'}: ${d.message}`)
    .join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  throw workflowError('INVALID_DEFINITION', `The state machine definition is invalid: ${summary}${more}`, {
    diagnostics,
  });
}
