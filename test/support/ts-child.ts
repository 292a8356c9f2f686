// Runs one of our TypeScript files as a real child process (Node 20 with rolldown's type stripping as loader hooks).
import { type ChildProcess, spawn } from 'node:child_process';
import { typeScriptHooks } from '../../src/kernel/spawn-worker.js';

export function spawnTypeScript(file: string, args: readonly string[]): ChildProcess {
  const hooks = `data:text/javascript,${encodeURIComponent(typeScriptHooks())}`;
  const register = `data:text/javascript,${encodeURIComponent(
    `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`,
  )}`;
  return spawn(process.execPath, ['--import', register, file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
