// Runs the real `scones` binary (built dist/) as a child process, as a user would.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const SCONES_BIN = path.resolve(import.meta.dirname, '../../bin/scones.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function runScones(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: Buffer },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCONES_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, SCONES_LOG_FORMAT: 'json', ...options.env },
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
    child.stdin.end(options.input);
  });
}

/** Starts a long-running command and resolves once its stdout shows a line matching `ready`. */
export function startScones(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; ready: RegExp },
): Promise<{ child: ChildProcess; match: RegExpMatchArray; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [SCONES_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let seen = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(options.ready);
      if (match) resolve({ child, match, exited });
    });
    void exited.then((code) => reject(new Error(`scones exited (${code}) before it was ready: ${stderr}`)));
  });
}

/** `scones serve` on a free port; resolves with its URL once it listens. */
export async function serveScones(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const { child, match, exited } = await startScones(['serve', '--port', '0'], {
    ...options,
    ready: /Scones (http:\/\/\S+)/,
  });
  return { child, url: match[1] as string, exited };
}
