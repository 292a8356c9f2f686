// The dashboard's session (`/api/session`): whether the server needs a login, signing in with an access key, and
// signing out. The CSRF token a session carries is handed to the client, in memory only.
import { apiGet, apiRequest, setCsrfToken } from './client.js';

export interface SessionPrincipal {
  readonly type: 'user' | 'assumed-role';
  readonly name: string;
  readonly arn: string;
}

export type SessionState =
  | { readonly authRequired: false; readonly authenticated: false }
  | { readonly authRequired: true; readonly authenticated: false }
  | {
      readonly authRequired: true;
      readonly authenticated: true;
      readonly principal: SessionPrincipal;
      readonly accessKeyId: string;
      readonly csrfToken: string;
      readonly expiresAt: string;
    };

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const SESSION = '/api/session';

function remember(state: SessionState): SessionState {
  setCsrfToken(state.authenticated ? state.csrfToken : undefined);
  return state;
}

export const session = {
  current: async () => remember(await apiGet<SessionState>(SESSION)),
  /** Throws the server's ApiError: 401 with the IAM code for wrong keys, 429 with `retryAfter` when throttled. */
  signIn: async (credentials: Credentials) =>
    remember((await (await apiRequest('POST', SESSION, { body: credentials })).json()) as SessionState),
  signOut: async () => {
    await apiRequest('DELETE', SESSION);
    setCsrfToken(undefined);
  },
};
