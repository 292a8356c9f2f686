// Node.js guest bootstrap: loads the handler, then runs invocations sent by the host over the channel.
import { writeSync } from 'node:fs';
import { BARRIER_ENV, type GuestMessage, type InvokeMessage } from '../../protocol.js';
import { openChannel } from './channel.js';
import { installTaskRootCommonJs } from './commonjs-scope.js';
import { patchConsole } from './console-format.js';
import { errorPayload, runtimeError } from './error-payload.js';
import { type Handler, loadHandler } from './handler-loader.js';
import { type LoopControl, runHandler } from './invoke.js';

const barrier = process.env[BARRIER_ENV] ?? '';
delete process.env[BARRIER_ENV];
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const channel = openChannel();
let currentRequestId = '';

/** Marks the end of output that belongs to the current phase; the host waits for it. */
function writeBarrier(): boolean {
  try {
    writeSync(1, `${barrier}\n`);
    return true;
  } catch {
    return false;
  }
}

const loop: LoopControl = {
  whenEmpty(then) {
    channel.unref();
    process.once('beforeExit', () => {
      channel.ref();
      then();
    });
  },
};

function failFatally(errorType: string, error: unknown): void {
  const payload = JSON.stringify(errorPayload(error));
  const message: GuestMessage = currentRequestId
    ? { type: 'error', requestId: currentRequestId, errorType, payload, barrier: writeBarrier(), fatal: true }
    : { type: 'init-error', errorType, payload, barrier: writeBarrier() };
  void channel.send(message).then(() => process.exit(1));
}

process.on('uncaughtException', (error) => failFatally(errorPayload(error).errorType, error));
process.on('unhandledRejection', (reason) => {
  failFatally(
    'Runtime.UnhandledPromiseRejection',
    runtimeError('Runtime.UnhandledPromiseRejection', String(reason)),
  );
});

async function invoke(handler: Handler, message: InvokeMessage): Promise<void> {
  currentRequestId = message.requestId;
  const outcome = await runHandler(handler, message, loop);
  let reply: GuestMessage;
  if (outcome.ok) {
    let payload: string | undefined;
    try {
      payload = JSON.stringify(outcome.result === undefined ? null : outcome.result);
    } catch {
      payload = undefined;
    }
    reply =
      payload === undefined
        ? errorReply(
            message.requestId,
            runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body'),
          )
        : { type: 'result', requestId: message.requestId, payload, barrier: writeBarrier() };
  } else {
    reply = errorReply(message.requestId, outcome.error);
  }
  currentRequestId = '';
  await channel.send(reply);
}

function errorReply(requestId: string, error: unknown): GuestMessage {
  const payload = errorPayload(error);
  return {
    type: 'error',
    requestId,
    errorType: payload.errorType,
    payload: JSON.stringify(payload),
    barrier: writeBarrier(),
    fatal: false,
  };
}

async function main(): Promise<void> {
  patchConsole(() => currentRequestId);
  installTaskRootCommonJs(taskRoot);
  const started = performance.now();
  let handler: Handler;
  try {
    handler = await loadHandler(taskRoot, process.env._HANDLER ?? '');
  } catch (error) {
    failFatally(errorPayload(error).errorType, error);
    return;
  }
  const ready: GuestMessage = {
    type: 'ready',
    initDurationMs: performance.now() - started,
    barrier: writeBarrier(),
  };
  let queue = Promise.resolve();
  channel.onMessage((message) => {
    queue = queue.then(() => invoke(handler, message));
  });
  await channel.send(ready);
}

void main();
