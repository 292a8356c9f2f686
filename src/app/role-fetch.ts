// A fetch that signs each request (SigV4) with temporary credentials of a role: Scones' own HTTP calls to its
// AWS APIs (model monitoring's InvokeEndpoint) pass the same checks as everyone's when auth is on.
import { type IamService, signRequest, type TemporaryCredentials } from '../modules/iam/index.js';
import { ensureRole, type RoleSpec } from './iam-roles.js';

/** Credentials are renewed when less than this is left of them. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface RoleFetchOptions {
  readonly role: RoleSpec;
  /** The service principal that assumes the role, e.g. `sagemaker.amazonaws.com`. */
  readonly caller: string;
  /** SigV4 service name of the calls, e.g. `sagemaker`. */
  readonly service: string;
  readonly region: string;
  readonly fetch?: typeof fetch;
}

export function roleFetch(iam: IamService, options: RoleFetchOptions): typeof fetch {
  const send = options.fetch ?? fetch;
  let held: TemporaryCredentials | undefined;
  let pending: Promise<TemporaryCredentials> | undefined;
  // One renewal at a time: a burst of calls (a baseline's images) shares it.
  const credentials = (): Promise<TemporaryCredentials> => {
    if (held && held.expiration - Date.now() > RENEW_BEFORE_MS) return Promise.resolve(held);
    pending ??= ensureRole(iam, options.role)
      .then(() =>
        iam.assumeRole({
          roleName: options.role.name,
          caller: { service: options.caller },
          sessionName: 'scones',
        }),
      )
      .then((fresh) => {
        held = fresh;
        return fresh;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))
      throw new TypeError('roleFetch signs string and byte bodies only');
    const headers = signRequest({
      method: init?.method ?? 'GET',
      url,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: body ?? '',
      service: options.service,
      region: options.region,
      credentials: await credentials(),
      now: Date.now(),
    });
    return send(url, { ...init, headers });
  };
}
