// The sidebar's account box when the server authenticates: who is signed in, and a "Sign out" button.
import type { SessionState } from '../api/session.js';
import { errorBox } from './components.js';
import { h, replace } from './dom.js';

export class AccountBox {
  readonly element = h('div', { class: 'account' });
  readonly #signOut: () => Promise<void>;

  /** `signOut` ends the session; a failure is shown in the box (the session then still holds). */
  constructor(signOut: () => Promise<void>) {
    this.#signOut = signOut;
    this.element.hidden = true;
  }

  show(state: SessionState): void {
    this.element.hidden = !state.authenticated;
    if (!state.authenticated) {
      replace(this.element);
      return;
    }
    const button = h('button', { type: 'button', class: 'sign-out' }, 'Sign out');
    button.addEventListener('click', () => {
      button.disabled = true;
      this.#signOut().catch((error: unknown) => {
        button.disabled = false;
        this.element.append(errorBox(error));
      });
    });
    replace(
      this.element,
      h('div', { class: 'who-label' }, 'Signed in as'),
      h('div', { class: 'who', title: state.principal.arn }, state.principal.name),
      h('div', { class: 'key mono', title: 'access key id' }, state.accessKeyId),
      button,
    );
  }
}
