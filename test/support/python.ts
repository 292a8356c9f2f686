// Runs a Python script (boto3 clients of the tests) with only the environment given: no host AWS configuration,
// shared credentials or instance metadata leaks in. The fixtures' shared helpers (`scones_fixture`) are on the path.
import { spawn } from 'node:child_process';
import path from 'node:path';

const FIXTURE_LIB = path.resolve(import.meta.dirname, '../fixtures/lib');

export interface PythonRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runPython(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
        PYTHONPATH: [FIXTURE_LIB, env.PYTHONPATH].filter(Boolean).join(path.delimiter),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
