// Dashboard sessions: an opaque id in an HttpOnly cookie maps to the principal that logged in with an access key.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../modules/iam/index.js';

export interface Session {
  readonly id: string;
  readonly principal: Principal;
  readonly accessKeyId: string;
  /** Sent back by the page in X-CSRF-Token on every request that changes state. */
  readonly csrfToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export const SESSION_COOKIE = 'scones_session';
/** Eight hours, or less when the key is a role session's that ends sooner. */
export const SESSION_TTL_MS = 8 * 3600 * 1000;
const MAX_SESSIONS = 10_000;

/** In memory: a restart logs everyone out, and no session id is ever written to disk. */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly now: () => number) {}

  create(principal: Principal, accessKeyId: string): Session {
    this.prune();
    const now = this.now();
    const roleEnd = principal.type === 'assumed-role' ? principal.expiresAt : Number.POSITIVE_INFINITY;
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      principal,
      accessKeyId,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: Math.min(now + SESSION_TTL_MS, roleEnd),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    if (session.expiresAt > this.now()) return session;
    this.#sessions.delete(id);
    return undefined;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** Drops expired sessions, then the oldest ones beyond the bound. */
  private prune(): void {
    const now = this.now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
    for (const id of this.#sessions.keys()) {
      if (this.#sessions.size < MAX_SESSIONS) break;
      this.#sessions.delete(id);
    }
  }
}

export function csrfMatches(session: Session, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
