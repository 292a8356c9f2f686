// The hostile case model and its runner: each case is one test that sends something hostile, expects a clean
// refusal (status and error code, no stack, no HTML), then proves the server still answers and nothing changed.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSconesError } from '../../../src/kernel/errors.js';
import { type HostileServer, startHostileServer } from './hostile-server.js';
import type { HttpReply } from './http-client.js';
import { type StoreSnapshot, snapshotHome } from './store-snapshot.js';

/** What a hostile action got back: an HTTP reply, or the typed error a non-HTTP entry point threw. */
export type Outcome = HttpReply | { readonly thrown: unknown };

export interface Refusal {
  /** Expected HTTP status (one of, when a list); absent for non-HTTP entry points. */
  readonly status?: number | readonly number[];
  /** Expected error code: REST `error.code`, S3 `<Code>`, AWS JSON `__type`/`x-amzn-errortype`, SconesError code. */
  readonly code?: string | RegExp;
}

export interface HostileCase {
  readonly name: string;
  readonly act: (server: HostileServer) => Promise<Outcome>;
  /** The refusal expected; `undefined` for cases where the hostile input must be served back as inert data. */
  readonly refuse?: Refusal;
  /** Further checks of the outcome (e.g. no injected header, payload escaped). */
  readonly check?: (outcome: Outcome, server: HostileServer) => unknown;
  /** Folders outside the home that must stay unchanged too (zip-slip targets). */
  readonly guard?: readonly string[];
  /** A case that legitimately changes stored state (data served back) opts out of the snapshot check. */
  readonly changesState?: boolean;
  /** The body is a function's own output (its error's stack trace names where its code lives, as Lambda's does). */
  readonly userOutput?: boolean;
}

export interface SuiteOptions {
  readonly settings?: Readonly<Record<string, unknown>>;
  /** A server started already (e.g. to list its routes while defining the cases); closed after the suite. */
  readonly server?: HostileServer;
  /** Prepares the server once for all cases (functions, state machines ...). */
  readonly setup?: (server: HostileServer) => Promise<void>;
  readonly timeoutMs?: number;
}

/** A category of hostile cases, registered by a test file with `describeHostile`. */
export interface HostileSuite {
  readonly category: string;
  readonly cases: readonly HostileCase[];
  readonly options: SuiteOptions;
}

export function hostileSuite(
  category: string,
  cases: readonly HostileCase[],
  options: SuiteOptions = {},
): HostileSuite {
  return { category, cases, options };
}

/** Registers suites in one test file: the server code is imported once for all of them. */
export function describeSuites(suites: readonly HostileSuite[]): void {
  for (const suite of suites) describeHostile(suite.category, suite.cases, suite.options);
}

/** One `describe` per category; one counted test per case, sequential on one server. */
export function describeHostile(category: string, cases: readonly HostileCase[], options: SuiteOptions = {}) {
  describe(`hostile: ${category}`, () => {
    let server: HostileServer;
    beforeAll(async () => {
      server = options.server ?? (await startHostileServer(options.settings));
      await options.setup?.(server);
    });
    afterAll(async () => server?.close());
    for (const hostile of cases) {
      it(hostile.name, { timeout: options.timeoutMs ?? 30_000 }, async ({ task }) => {
        task.meta.hostile = category;
        await runCase(server, hostile);
      });
    }
  });
}

export async function runCase(server: HostileServer, hostile: HostileCase): Promise<void> {
  const before = await snapshotHome(server.home, hostile.guard);
  const outcome = await hostile.act(server);
  if (hostile.refuse) expectRefusal(outcome, hostile.refuse);
  if ('status' in outcome && !hostile.userOutput) expectNoLeak(outcome, server.home);
  await hostile.check?.(outcome, server);
  const health = await server.send({ method: 'GET', path: '/healthz' });
  expect(health.status, 'the server still answers /healthz').toBe(200);
  if (!hostile.changesState) expect(await settledSnapshot(server, hostile, before)).toEqual(before);
}

/**
 * The home's snapshot once work a refusal started has wound down: an upload cut off mid-body removes its temporary
 * file when its stream errors, a moment after the client saw the 408. A leak never settles and fails the case.
 */
async function settledSnapshot(server: HostileServer, hostile: HostileCase, before: StoreSnapshot) {
  let after = await snapshotHome(server.home, hostile.guard);
  for (let attempt = 0; attempt < 20 && !isDeepStrictEqual(after, before); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await snapshotHome(server.home, hostile.guard);
  }
  return after;
}

function expectRefusal(outcome: Outcome, refuse: Refusal): void {
  if ('thrown' in outcome) {
    expect(isSconesError(outcome.thrown), `a typed error, got ${String(outcome.thrown)}`).toBe(true);
    if (refuse.code !== undefined) expect(codeOf(outcome)).toMatch(pattern(refuse.code));
    return;
  }
  const statuses = refuse.status === undefined ? [] : [refuse.status].flat();
  if (statuses.length > 0)
    expect(statuses, `status ${outcome.status}: ${outcome.text.slice(0, 300)}`).toContain(outcome.status);
  expect(outcome.status, 'refused, not failed').toBeLessThan(500);
  if (refuse.code !== undefined)
    expect(codeOf(outcome), outcome.text.slice(0, 300)).toMatch(pattern(refuse.code));
}

function pattern(code: string | RegExp): RegExp {
  return typeof code === 'string' ? new RegExp(`^${code}$`) : code;
}

/** The error code of an outcome, whatever the protocol's error shape. */
export function codeOf(outcome: Outcome): string {
  if ('thrown' in outcome) return isSconesError(outcome.thrown) ? outcome.thrown.code : '';
  const header = outcome.headers['x-amzn-errortype'];
  if (typeof header === 'string') return header.split(':')[0] ?? '';
  const xml = /<Code>([^<]*)<\/Code>/.exec(outcome.text)?.[1];
  if (xml !== undefined) return xml;
  try {
    const body = JSON.parse(outcome.text) as Record<string, unknown>;
    const rest = body.error as { code?: unknown } | undefined;
    const code = rest?.code ?? body.__type ?? body.Type ?? body.code;
    if (typeof code === 'string') return code.replace(/^.*#/, '');
  } catch {}
  return '';
}

/** No stack trace, server path or HTML in any answer. */
export function expectNoLeak(reply: HttpReply, home: string): void {
  expect(reply.text, 'no stack trace').not.toMatch(/\n\s+at [^\n]+:\d+:\d+|node_modules\/|\/src\/[a-z]/);
  expect(reply.text, 'no server path').not.toContain(home);
  expect(JSON.stringify(reply.headers), 'no server path in headers').not.toContain(home);
  const type = String(reply.headers['content-type'] ?? '');
  // Stored objects may be HTML; they are served sandboxed (see download-headers.ts), never as a page of this origin.
  if (!/sandbox/.test(String(reply.headers['content-security-policy'] ?? '')))
    expect(type, 'never HTML').not.toMatch(/html/i);
}
