// States.UUID: a version-4 UUID from the step's random source.
import { intrinsic } from './definition.js';

export const uuid = intrinsic('States.UUID', [], (_values, context) => context.random.uuid());
