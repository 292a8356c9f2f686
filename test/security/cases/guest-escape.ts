// Function code trying to leave its guest (issue #12, item 1): a Python and a Node.js handler read other processes'
// environ and cwd, walk / and /proc, guess the home's secret files, write into the store, ptrace and signal the
// server, spy on another guest, fork-bomb, run a subprocess over the memory limit, leave a setsid grandchild behind
// and fill /tmp. Each attempt must fail; the server stays healthy and nothing stored changes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import type { HostileServer } from '../support/hostile-server.js';
import type { HttpReply } from '../support/http-client.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/functions');
const LANGUAGES = [
  { language: 'python', runtime: 'python3.11', handler: 'lambda_function.handler', folder: 'python/escape' },
  { language: 'node', runtime: 'nodejs20.x', handler: 'index.handler', folder: 'node/escape' },
] as const;
type Language = (typeof LANGUAGES)[number];

const fnName = (lang: Language, role: string) => `escape-${lang.language}-${role}`;

function invoke(name: string, event: Record<string, unknown>) {
  return (s: HostileServer) =>
    s.aws('lambda', {
      method: 'POST',
      path: `/2015-03-31/functions/${name}/invocations`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ home: s.home, serverPid: process.pid, ...event }),
    });
}

function result(outcome: Outcome): Record<string, unknown> {
  if (!('status' in outcome)) throw new Error(`invocation threw: ${String(outcome.thrown)}`);
  expect(outcome.status, outcome.text.slice(0, 300)).toBe(200);
  expect(outcome.headers['x-amz-function-error'], outcome.text.slice(0, 500)).toBeUndefined();
  return JSON.parse(outcome.text) as Record<string, unknown>;
}

function functionError(outcome: Outcome): string {
  const reply = outcome as HttpReply;
  expect(reply.status).toBe(200);
  expect(reply.headers['x-amz-function-error'], reply.text.slice(0, 300)).toBe('Unhandled');
  return String((JSON.parse(reply.text) as { errorType?: unknown }).errorType);
}

/** Host processes whose command line carries `marker` (a grandchild left behind). */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Polls until no process carries the marker; killing is asynchronous, so this waits for the proof, not a time. */
async function expectNoneLeft(marker: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && processesWith(marker).length > 0; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(processesWith(marker), `processes carrying ${marker}`).toEqual([]);
}

/** Every answer is the function's own output, echoing the guessed paths it was sent. */
function casesOf(lang: Language): HostileCase[] {
  return attempts(lang).map((attempt) => ({ ...attempt, userOutput: true }));
}

function attempts(lang: Language): HostileCase[] {
  const main = fnName(lang, 'main');
  const marker = (what: string) => `scones-escape-${lang.language}-${what}-${process.pid}`;
  return [
    {
      name: `${lang.language}: reads other processes' environ and cwd through /proc`,
      act: invoke(main, { action: 'proc' }),
      check: (outcome) => {
        const found = result(outcome);
        expect(found.found).toEqual([]);
        // Its own PID namespace: the sandbox's init and the guest, nothing of the host.
        expect((found.pids as string[]).length).toBeLessThan(10);
      },
    },
    {
      name: `${lang.language}: walks / looking for the home and its secrets`,
      act: invoke(main, { action: 'walk' }),
      check: (outcome) => expect(result(outcome).found).toEqual([]),
    },
    {
      name: `${lang.language}: reads SCONES_HOME files by guessing their paths`,
      act: invoke(main, { action: 'guess' }),
      check: (outcome) => {
        const found = result(outcome);
        expect(found.readable).toEqual([]);
        expect(found.home_exists).toBe(false);
      },
    },
    {
      name: `${lang.language}: writes into the object store, its code and the system folders`,
      act: invoke(main, { action: 'write' }),
      check: (outcome) => {
        // The home's path may exist in the guest's own /tmp (tests keep homes under /tmp): writing there is fine,
        // as long as nothing reached the host.
        const written = result(outcome).written as string[];
        expect(written.filter((file) => !file.startsWith('/tmp/'))).toEqual([]);
        for (const file of written) expect(existsSync(file), file).toBe(false);
      },
    },
    {
      name: `${lang.language}: ptraces or signals the server`,
      act: invoke(main, { action: lang.language === 'python' ? 'ptrace' : 'signal' }),
      check: (outcome) => {
        // Inside, pid 1 is the sandbox's own init (same user, nothing to gain); the server is out of reach.
        const found = result(outcome);
        expect(found.attached ?? []).not.toContain(process.pid);
        expect(found.signalled).toEqual([]);
      },
    },
    {
      name: `${lang.language}: runs as an unprivileged user with its code at /var/task`,
      act: invoke(main, { action: 'identity' }),
      userOutput: true,
      check: (outcome, server) => {
        const found = result(outcome);
        expect(found.uid).not.toBe(0);
        expect(found.uid).not.toBe(process.getuid?.());
        expect(String(found.file)).toMatch(/^\/var\/task\//);
        expect(String(found.trace)).toContain('/var/task/');
        expect(String(found.trace)).not.toContain(server.home);
        expect(found.cwd).toBe('/var/task');
      },
    },
    {
      name: `${lang.language}: reads another guest's /tmp and credentials`,
      act: async (s) => {
        await invoke(fnName(lang, 'victim'), { action: 'plant' })(s);
        return invoke(main, { action: 'spy' })(s);
      },
      check: (outcome) => expect(result(outcome).found ?? []).toEqual([]),
    },
    {
      name: `${lang.language}: a subprocess touching 600 MB in a 128 MB function`,
      act: invoke(fnName(lang, 'small'), { action: 'subprocess_memory', megabytes: 600 }),
      userOutput: true,
      check: (outcome) => expect(functionError(outcome)).toBe('Runtime.OutOfMemory'),
    },
    {
      name: `${lang.language}: a setsid grandchild of an invocation that times out`,
      act: invoke(fnName(lang, 'slow'), { action: 'grandchild', hang: true, marker: marker('timeout') }),
      userOutput: true,
      check: async (outcome) => {
        expect(functionError(outcome)).toBe('Sandbox.Timedout');
        await expectNoneLeft(marker('timeout'));
      },
    },
    {
      name: `${lang.language}: a setsid grandchild of a guest that is then retired`,
      act: async (s) => {
        const outcome = await invoke(fnName(lang, 'retired'), {
          action: 'grandchild',
          marker: marker('retired'),
        })(s);
        // The guest is idle and warm; a new deploy of the same function retires it.
        await s.app.functions.updateConfiguration(fnName(lang, 'retired'), {
          description: 'retire the guest',
        });
        return outcome;
      },
      changesState: true,
      check: async (outcome) => {
        result(outcome);
        await expectNoneLeft(marker('retired'));
      },
    },
    {
      name: `${lang.language}: a fork bomb`,
      act: invoke(fnName(lang, 'bomb'), { action: 'fork_bomb' }),
      check: async (outcome, s) => {
        const found = result(outcome);
        expect(found.refused).toBe('EAGAIN');
        expect(found.children as number).toBeLessThan(128);
        // The machine still starts guests.
        result(await invoke(main, { action: 'identity' })(s));
      },
    },
    {
      name: `${lang.language}: fills /tmp`,
      act: invoke(fnName(lang, 'big'), { action: 'fill_tmp' }),
      check: (outcome) => {
        const found = result(outcome);
        expect(found.refused).toBe('ENOSPC');
        expect(found.written_mb as number).toBeLessThanOrEqual(512);
      },
    },
  ];
}

const FUNCTIONS: ReadonlyArray<readonly [string, number, number]> = [
  ['main', 256, 30],
  ['victim', 256, 30],
  ['small', 128, 60],
  ['slow', 256, 3],
  ['retired', 256, 30],
  ['bomb', 512, 120],
  ['big', 1024, 120],
];

export const suite = hostileSuite('guest escape', LANGUAGES.flatMap(casesOf), {
  // A lower pids limit than Lambda's 1024 only so the fork bomb reaches it quickly on a slow machine.
  settings: { 'server.auth': 'on', 'functions.pidsMax': 128 },
  timeoutMs: 180_000,
  setup: async (server) => {
    for (const lang of LANGUAGES)
      for (const [role, memoryMb, timeoutSeconds] of FUNCTIONS)
        await server.app.functions.create({
          name: fnName(lang, role),
          runtime: lang.runtime,
          handler: lang.handler,
          memoryMb,
          timeoutSeconds,
          code: { kind: 'path', path: path.join(FIXTURES, lang.folder) },
        });
    // Warm guests hold their role's session (iam_sessions) before the cases take their snapshots.
    for (const lang of LANGUAGES)
      for (const [role] of FUNCTIONS)
        await server.app.functions.invoke(fnName(lang, role), { payload: '{"action":"identity"}' });
  },
});
