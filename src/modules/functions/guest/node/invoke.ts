// Runs a Node.js handler once, async or callback style, with Lambda's callbackWaitsForEmptyEventLoop rule.
import type { InvokeMessage } from '../../protocol.js';
import { createContext, type LambdaContext } from './context.js';
import type { Handler } from './handler-loader.js';

export type HandlerOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: unknown };

export interface LoopControl {
  /** Let the event loop drain (the channel must not hold it open), then call `then`. */
  whenEmpty(then: () => void): void;
}

export function runHandler(
  handler: Handler,
  message: InvokeMessage,
  loop: LoopControl,
): Promise<HandlerOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HandlerOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const finish = (error: unknown, result: unknown) =>
      settle(error === null || error === undefined ? { ok: true, result } : { ok: false, error });
    let callbackArgs: [unknown, unknown] | undefined;
    let waiting = false;
    // A synchronous handler that never calls back succeeds with null once nothing is left to do.
    const finishWhenEmpty = () => {
      if (waiting) return;
      waiting = true;
      loop.whenEmpty(() => finish(...(callbackArgs ?? [null, undefined])));
    };
    const callback = (error?: unknown, result?: unknown) => {
      if (callbackArgs) return;
      callbackArgs = [error, result];
      if (context.callbackWaitsForEmptyEventLoop) finishWhenEmpty();
      else finish(error, result);
    };
    const context: LambdaContext = createContext(message, callback);
    const event: unknown = JSON.parse(message.event);
    let returned: unknown;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      settle({ ok: false, error });
      return;
    }
    if (isThenable(returned)) {
      returned.then(
        (result) => finish(null, result),
        (error: unknown) => settle({ ok: false, error: error ?? new Error('handled') }),
      );
      return;
    }
    finishWhenEmpty();
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
