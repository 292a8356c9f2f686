// Node.js guest bootstrap: loads the handler, then runs invocations sent by the host over the channel.
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

/**
 * Marks the end of output that belongs to the current phase; the host waits for it. It goes through
 * process.stdout, behind whatever the handler queued there, and resolves once written.
 */
function writeBarrier(): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      process.stdout.write(`${barrier}\n`, (error) => resolve(!error));
    } catch {
      resolve(false);
    }
  });
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
  console.error(`${currentRequestId ? 'Uncaught Exception' : 'Init Error'} \t${payload}`);
  const requestId = currentRequestId;
  void writeBarrier()
    .then((written) =>
      channel.send(
        requestId
          ? { type: 'error', requestId, errorType, payload, barrier: written, fatal: true }
          : { type: 'init-error', errorType, payload, barrier: written },
      ),
    )
    .then(() => process.exit(1));
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
  const reply = outcome.ok
    ? await resultReply(message.requestId, outcome.result)
    : await errorReply(message.requestId, outcome.error);
  currentRequestId = '';
  await channel.send(reply);
}

async function resultReply(requestId: string, result: unknown): Promise<GuestMessage> {
  let payload: string;
  try {
    // A function or symbol result stringifies to undefined; Lambda returns null for it.
    payload = JSON.stringify(result === undefined ? null : result) ?? 'null';
  } catch {
    return errorReply(
      requestId,
      runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body'),
    );
  }
  return { type: 'result', requestId, payload, barrier: await writeBarrier() };
}

async function errorReply(requestId: string, error: unknown): Promise<GuestMessage> {
  const payload = errorPayload(error);
  console.error(`Invoke Error \t${JSON.stringify(payload)}`);
  return {
    type: 'error',
    requestId,
    errorType: payload.errorType,
    payload: JSON.stringify(payload),
    barrier: await writeBarrier(),
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
    barrier: await writeBarrier(),
  };
  let queue = Promise.resolve();
  channel.onMessage((message) => {
    queue = queue.then(() => invoke(handler, message));
  });
  await channel.send(ready);
}

void main();
