// The dashboard: a sidebar of views, a hash router, and a live refresh of the shown view every few seconds; on a
// server that authenticates, a sign-in page first (and again whenever the session ends).
import './styles.css';
import { ApiError, onSessionLost } from './api/client.js';
import { api } from './api/resources.js';
import { type SessionState, session } from './api/session.js';
import type { PipelineNames } from './api/types.js';
import { AccountBox } from './ui/account.js';
import { errorBox } from './ui/components.js';
import { h, replace } from './ui/dom.js';
import { time } from './ui/format.js';
import { alarmsView } from './views/alarms.js';
import { endpointView } from './views/endpoint.js';
import { functionsView } from './views/functions.js';
import { loginPage } from './views/login.js';
import { modelsView } from './views/models.js';
import { monitoringView } from './views/monitoring.js';
import { overviewView } from './views/overview.js';
import type { View, ViewFactory } from './views/view.js';
import { workflowsView } from './views/workflows.js';

const REFRESH_MS = 5000;

const VIEWS: readonly { name: string; title: string; factory: ViewFactory }[] = [
  { name: 'overview', title: 'Overview', factory: overviewView },
  { name: 'endpoint', title: 'Endpoint', factory: endpointView },
  { name: 'workflows', title: 'Workflows', factory: workflowsView },
  { name: 'functions', title: 'Functions', factory: functionsView },
  { name: 'models', title: 'Models', factory: modelsView },
  { name: 'monitoring', title: 'Monitoring', factory: monitoringView },
  { name: 'alarms', title: 'Alarms', factory: alarmsView },
];

/** Defaults of `scones up`, for a server that does not describe its pipeline. */
const DEFAULT_PIPELINE: PipelineNames = {
  bucket: 'scones',
  endpoint: 'bikes',
  imagePipeline: 'scones-image-pipeline',
  testBatch: 'scones-test-batch',
  filterFunction: 'scones-filterLowConfidence',
};

const main = h('main', { class: 'content' });
const updated = h('span', { class: 'updated' });
const liveToggle = h('input', { type: 'checkbox', checked: true, 'aria-label': 'live refresh' });
const account = new AccountBox(async () => {
  // Refreshing stops and the refresh in flight settles first, so none of its requests meets the ended session (a 401).
  signedIn = false;
  await refreshing?.catch(() => undefined);
  try {
    await session.signOut();
  } catch (error) {
    signedIn = true;
    throw error;
  }
  signIn('You signed out.');
});
const nav = h(
  'nav',
  { class: 'sidebar' },
  h('div', { class: 'brand' }, h('span', { class: 'logo' }, '◔'), ' Scones'),
  VIEWS.map((v) => h('a', { href: `#/${v.name}`, data: { view: v.name } }, v.title)),
  h('label', { class: 'live' }, liveToggle, ' Live', updated),
  account.element,
);

let pipeline: PipelineNames = DEFAULT_PIPELINE;
let current: View | undefined;
let refreshing: Promise<void> | undefined;
/** False while the sign-in page is shown: nothing routes or refreshes then. */
let signedIn = false;
/** Ends the session on screen when the server's does, even when nothing is refreshing to hear the 401. */
let expiry: ReturnType<typeof setTimeout> | undefined;
/** setTimeout fires at once beyond this delay (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function watchExpiry(state: SessionState): void {
  clearTimeout(expiry);
  const end = state.authenticated ? Date.parse(state.expiresAt) : Number.NaN;
  // A server that names no end (or an unreadable one) leaves it to the next 401.
  if (Number.isNaN(end)) return;
  expiry = setTimeout(
    () => {
      if (Date.now() >= end) signIn('Your session expired. Sign in again.');
      else watchExpiry(state);
    },
    Math.min(Math.max(end - Date.now(), 0), MAX_TIMER_MS),
  );
}

/** Shows the views (and, when the server authenticates, who is signed in) on the route of the URL. */
async function enter(state: SessionState): Promise<void> {
  signedIn = true;
  watchExpiry(state);
  account.show(state);
  document.body.classList.remove('signed-out');
  replace(document.body, nav, main);
  await loadPipeline();
  await show();
}

/** Leaves the views for the sign-in page; the URL keeps its route, shown again once signed in. */
function signIn(notice?: string): void {
  signedIn = false;
  clearTimeout(expiry);
  current?.dispose();
  current = undefined;
  main.dataset.loaded = 'false';
  document.title = 'Sign in · Scones';
  document.body.classList.add('signed-out');
  const page = loginPage({
    notice,
    onSignedIn: (state) => void enter(state).catch(showFailure),
  });
  replace(document.body, page);
}

function showFailure(error: unknown): void {
  replace(main, errorBox(error));
}

async function loadPipeline(): Promise<void> {
  try {
    pipeline = await api.pipeline();
  } catch (error) {
    if (!(error instanceof ApiError && error.notFound)) throw error;
  }
}

function parseHash(): { name: string; params: string[]; query: URLSearchParams } {
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = 'overview', ...params] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name, params, query: new URLSearchParams(search) };
}

async function show(): Promise<void> {
  if (!signedIn) return;
  const { name, params, query } = parseHash();
  const entry = VIEWS.find((v) => v.name === name) ?? (VIEWS[0] as (typeof VIEWS)[number]);
  for (const link of nav.querySelectorAll('a'))
    link.toggleAttribute('aria-current', link.dataset.view === entry.name);
  current?.dispose();
  main.dataset.loaded = 'false';
  main.dataset.view = entry.name;
  document.title = `${entry.title} · Scones`;
  const view = entry.factory({ pipeline, params, query });
  current = view;
  replace(main, view.element);
  await refresh(view);
  if (current === view) main.dataset.loaded = 'true';
}

async function refresh(view: View | undefined = current): Promise<void> {
  if (!view) return;
  if (refreshing) await refreshing;
  if (view !== current) return;
  refreshing = view.refresh().finally(() => {
    refreshing = undefined;
    updated.textContent = ` · ${time(Date.now()).slice(0, 8)}`;
  });
  await refreshing;
}

setInterval(() => {
  if (signedIn && liveToggle.checked && document.visibilityState === 'visible' && !refreshing) void refresh();
}, REFRESH_MS);
window.addEventListener('hashchange', () => void show());
onSessionLost((error) => {
  if (signedIn) signIn(`Your session ended: ${error.message}. Sign in again.`);
});

session
  .current()
  .then((state) => (state.authRequired && !state.authenticated ? signIn() : enter(state)))
  .catch((error: unknown) => {
    replace(document.body, nav, main);
    showFailure(error);
  });
