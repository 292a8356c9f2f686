// Finds the interpreters guests run under, once: the real python3 (not a pyenv shim) and this Node.
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { functionsError } from '../errors.js';
import type { RuntimeLanguage } from '../model.js';

export interface Interpreter {
  readonly executable: string;
  /** Lambda's AWS_EXECUTION_ENV for it, e.g. `AWS_Lambda_python3.11`. */
  readonly executionEnv: string;
  /** Install folders a sandboxed guest must see to run it (besides /usr): prefixes of the real interpreter. */
  readonly installDirs: readonly string[];
}

const found = new Map<string, Promise<Interpreter>>();

export function findInterpreter(language: RuntimeLanguage, pythonCommand: string): Promise<Interpreter> {
  const key = language === 'python' ? `python:${pythonCommand}` : 'nodejs';
  let interpreter = found.get(key);
  if (!interpreter) {
    interpreter = language === 'python' ? findPython(pythonCommand) : Promise.resolve(currentNode());
    found.set(key, interpreter);
  }
  return interpreter;
}

function currentNode(): Interpreter {
  const major = process.versions.node.split('.')[0] ?? '20';
  const executable = realpathSync(process.execPath);
  return {
    executable,
    executionEnv: `AWS_Lambda_nodejs${major}.x`,
    installDirs: [path.dirname(path.dirname(executable))],
  };
}

async function findPython(command: string): Promise<Interpreter> {
  try {
    const { stdout } = await promisify(execFile)(command, [
      '-c',
      'import sys; print(sys.executable); print("%d.%d" % sys.version_info[:2]); print(sys.prefix); print(sys.base_prefix)',
    ]);
    const [executable = command, version = '3', ...prefixes] = stdout.trim().split('\n');
    return {
      executable,
      executionEnv: `AWS_Lambda_python${version}`,
      installDirs: [...new Set([...prefixes, path.dirname(path.dirname(realpathSync(executable)))])],
    };
  } catch (error) {
    found.delete(`python:${command}`);
    throw functionsError(
      'RUNTIME_UNAVAILABLE',
      `cannot run ${command} for Python functions`,
      { command },
      error,
    );
  }
}
