// Global condition keys every request carries (aws:SourceIp, aws:CurrentTime, aws:SecureTransport, ...).

import { normalizeAddress } from '../policy/ip-range.js';
import type { ContextInput } from '../policy/request-context.js';

export interface RequestFacts {
  /** The client address as the socket reports it (IPv4-mapped IPv6 is unwrapped). */
  readonly sourceIp?: string;
  /** True for HTTPS. */
  readonly secureTransport: boolean;
  /** Milliseconds since the epoch; the authorizer fills it from its clock when absent. */
  readonly now?: number;
  /** Region of the SigV4 credential scope. */
  readonly region?: string;
  readonly userAgent?: string;
  readonly referer?: string;
}

export function globalContext(facts: RequestFacts): ContextInput {
  return {
    'aws:SourceIp': facts.sourceIp === undefined ? undefined : normalizeAddress(facts.sourceIp),
    'aws:SecureTransport': facts.secureTransport,
    'aws:RequestedRegion': facts.region,
    'aws:UserAgent': facts.userAgent,
    'aws:Referer': facts.referer,
    ...(facts.now === undefined ? {} : timeContext(facts.now)),
  };
}

/** `aws:CurrentTime` (ISO 8601, second precision as AWS) and `aws:EpochTime` (seconds). */
export function timeContext(now: number): ContextInput {
  return {
    'aws:CurrentTime': `${new Date(now).toISOString().slice(0, 19)}Z`,
    'aws:EpochTime': Math.floor(now / 1000),
  };
}
