// The handler table: one handler per state type.
import type { StateHandler } from '../step/outcome.js';
import { choiceHandler } from './choice.js';
import { failHandler } from './fail.js';
import { mapHandler } from './map.js';
import { parallelHandler } from './parallel.js';
import { passHandler } from './pass.js';
import { succeedHandler } from './succeed.js';
import { taskHandler } from './task.js';
import { waitHandler } from './wait.js';

const HANDLERS: Readonly<Record<string, StateHandler>> = {
  Pass: passHandler,
  Task: taskHandler,
  Choice: choiceHandler,
  Wait: waitHandler,
  Succeed: succeedHandler,
  Fail: failHandler,
  Parallel: parallelHandler,
  Map: mapHandler,
};

export function handlerFor(type: string): StateHandler {
  const handler = HANDLERS[type];
  if (handler === undefined) throw new Error(`Unknown state type '${type}'`);
  return handler;
}
