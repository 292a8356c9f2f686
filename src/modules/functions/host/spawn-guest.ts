// Starts a guest process for a function version: interpreter, bootstrap, environment, sandbox and scratch /tmp.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../kernel/clock.js';
import { functionsError } from '../errors.js';
import type { FunctionVersion } from '../model.js';
import type { LogSink } from '../ports.js';
import { type GuestAwsSettings, guestEnvironment } from './environment.js';
import { compilePythonGuest, locateGuests } from './guest-entry.js';
import { prepareLaunch } from './guest-launch.js';
import { findInterpreter } from './interpreters.js';
import { InvocationLog } from './invocation-log.js';
import type { Isolation } from './isolation.js';
import { MAX_RESPONSE_BYTES } from './platform-errors.js';
import { Worker } from './worker.js';

export interface SpawnSettings {
  readonly workDir: string;
  readonly isolation: Isolation;
  /** Host folders no sandboxed guest may see (the server's home), even inside a folder bound into it. */
  readonly hiddenPaths: readonly string[];
  readonly pidsMax: number;
  readonly aws: GuestAwsSettings;
  readonly logSink: LogSink;
  readonly clock: Clock;
  readonly logCapBytes: number;
  readonly memoryPollMs: number;
  readonly pythonCommand: string;
}

const MIB = 1024 * 1024;

export async function spawnGuest(
  fn: FunctionVersion,
  requestId: string,
  settings: SpawnSettings,
): Promise<Worker> {
  const config = fn.config;
  const [guests, interpreter, taskRoot] = await Promise.all([
    locateGuests(),
    findInterpreter(config.runtime, settings.pythonCommand),
    taskRootOf(fn.codePath),
  ]);
  const workerId = randomBytes(16).toString('hex');
  const logStream = `${datePath(settings.clock.now())}/[${fn.version}]${workerId}`;
  const barrier = `\u001bSCONES-BARRIER-${randomBytes(12).toString('hex')}`;
  const bootstrap = config.runtime === 'python' ? guests.python : guests.node;
  if (config.runtime === 'python') await compilePythonGuest(interpreter.executable, bootstrap);
  // Both bootstraps are self-contained in their folder (the Node guest is one bundle).
  const runtimeRoot = path.dirname(bootstrap);
  const launch = await prepareLaunch(
    settings.isolation,
    config,
    {
      workerId,
      taskRoot,
      runtimeRoot,
      bootstrap,
      interpreterDirs: interpreter.installDirs,
      hidden: settings.hiddenPaths,
      pidsMax: settings.pidsMax,
      scratch: path.join(settings.workDir, 'scratch', config.name, workerId),
    },
    // Lambda's Node.js bootstrap sizes V8's heap from the function's memory the same way.
    (entry) =>
      config.runtime === 'python'
        ? [interpreter.executable, '-u', entry]
        : [interpreter.executable, `--max-old-space-size=${Math.floor(config.memoryMb * 0.9)}`, entry],
  );
  const env = guestEnvironment({
    fn,
    taskRoot: launch.seen.taskRoot,
    runtimeDir: launch.seen.runtimeRoot,
    layers: launch.seen.layers,
    executionEnv: interpreter.executionEnv,
    logStream,
    aws: settings.aws,
    tmpDir: launch.tmpDir,
    barrier,
    ...(settings.isolation.mode === 'sandbox'
      ? { path: [path.dirname(interpreter.executable), '/usr/local/bin', '/usr/bin', '/bin'].join(':') }
      : {}),
  });
  const log = new InvocationLog(
    { functionName: config.name, version: fn.version, logStream },
    settings.logSink,
    settings.clock,
    settings.logCapBytes,
  );
  log.begin(requestId);
  const worker = new Worker({
    launch: launch.launch,
    env,
    cwd: launch.cwd,
    log,
    logStream,
    barrier,
    maxFrameBytes: MAX_RESPONSE_BYTES + MIB,
    memoryLimitBytes: config.memoryMb * MIB,
    memoryPollMs: settings.memoryPollMs,
    confinement: launch.confinement,
    signalAsStatus: settings.isolation.mode === 'sandbox',
  });
  worker.onExit(() => void launch.cleanup());
  return worker;
}

async function taskRootOf(codePath: string): Promise<string> {
  const resolved = path.resolve(codePath);
  try {
    return (await stat(resolved)).isDirectory() ? resolved : path.dirname(resolved);
  } catch (error) {
    throw functionsError('CODE_NOT_FOUND', `function code not found at ${resolved}`, { codePath }, error);
  }
}

function datePath(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replaceAll('-', '/');
}
