// States.JsonToString: compact JSON text of any value.
import { ANY, intrinsic } from './definition.js';

export const jsonToString = intrinsic('States.JsonToString', [ANY], ([value]) => JSON.stringify(value));
