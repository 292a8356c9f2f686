// States.UUID: a version-4 UUID from the step's random source.
import type { IntrinsicFunction } from './definition.js';

export const uuid: IntrinsicFunction = {
  name: 'States.UUID',
  minArgs: 0,
  maxArgs: 0,
  apply(_args, context) {
    return context.random.uuid();
  },
};
