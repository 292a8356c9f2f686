// The sign-in page of a server that authenticates requests: an access key id and its secret, checked by
// `POST /api/session`; the server's refusal is shown as it is, and a throttled login counts its wait down.
import { ApiError } from '../api/client.js';
import { type SessionState, session } from '../api/session.js';
import { h, replace } from '../ui/dom.js';

export interface LoginOptions {
  /** Why the page is shown (signed out, session ended), above the form. */
  readonly notice?: string | undefined;
  readonly onSignedIn: (state: SessionState) => void;
}

export function loginPage({ notice, onSignedIn }: LoginOptions): HTMLElement {
  const keyId = field('accessKeyId', 'text', 'username');
  const secret = field('secretAccessKey', 'password', 'current-password');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const message = h('div', { class: 'login-message', role: 'alert', 'aria-live': 'polite' });
  if (notice) replace(message, h('div', { class: 'notice' }, notice));

  const form = h(
    'form',
    { class: 'login-card', 'aria-label': 'sign in' },
    h('div', { class: 'brand' }, h('span', { class: 'logo' }, '◔'), ' Scones'),
    h('h1', null, 'Sign in'),
    h('p', { class: 'muted' }, 'This server checks who calls it. Sign in with an IAM access key.'),
    message,
    h('label', null, 'Access key ID', keyId),
    h('label', null, 'Secret access key', secret),
    submit,
    h(
      'p',
      { class: 'muted small hint' },
      h('code', null, 'scones up'),
      ' saved an administrator key in ',
      h('code', null, '$SCONES_HOME/credentials'),
      '.',
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    replace(message);
    session
      .signIn({ accessKeyId: keyId.value.trim(), secretAccessKey: secret.value.trim() })
      .then(onSignedIn, (error: unknown) => {
        secret.value = '';
        replace(message, refusal(error));
        waitThenEnable(submit, error instanceof ApiError ? error.retryAfter : undefined);
        secret.focus();
      });
  });
  queueMicrotask(() => keyId.focus());
  return h('div', { class: 'login' }, form);
}

function field(name: string, type: string, autocomplete: string): HTMLInputElement {
  return h('input', { name, type, autocomplete, required: true });
}

/** The server's code and message, as it gave them. */
function refusal(error: unknown): HTMLElement {
  if (!(error instanceof ApiError)) return h('div', { class: 'error-box' }, String(error));
  return h('div', { class: 'error-box' }, h('strong', null, error.code), h('div', null, error.message));
}

/** A throttled login (429 with `Retry-After`) counts the wait down on the button, which stays disabled till then. */
function waitThenEnable(button: HTMLButtonElement, seconds: number | undefined): void {
  const label = button.textContent;
  let left = seconds ?? 0;
  const tick = () => {
    button.disabled = left > 0;
    button.textContent = left > 0 ? `Try again in ${left} s` : label;
    left -= 1;
    if (!button.disabled) clearInterval(timer);
  };
  const timer = setInterval(tick, 1000);
  tick();
}
