// A JSON payload (state input or output) shown readably: long strings shortened, the full text a click away, and
// a base64 PNG in it (the pipeline's `image_data`) shown as the picture it is.
import { h } from '../ui/dom.js';

const SHORT = 120;

/** Parses JSON text; other values are returned as they are. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > SHORT ? `${value.slice(0, SHORT)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

/** Base64 PNGs anywhere in the payload (found by their signature), at most a few. */
function pngs(value: unknown, found: string[] = []): string[] {
  if (found.length >= 4) return found;
  if (typeof value === 'string' && value.startsWith('iVBORw0KGgo') && /^[A-Za-z0-9+/=]+$/.test(value))
    found.push(value);
  else if (Array.isArray(value)) for (const v of value) pngs(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) pngs(v, found);
  return found;
}

export function payloadView(title: string, value: unknown): HTMLElement {
  if (value === undefined || value === null || value === '')
    return h(
      'div',
      { class: 'payload' },
      title ? h('h3', null, title) : null,
      h('p', { class: 'muted' }, 'none'),
    );
  const data = parsed(value);
  const full = typeof data === 'string' ? data : JSON.stringify(data, null, 2);
  const short = typeof data === 'string' ? String(shorten(data)) : JSON.stringify(shorten(data), null, 2);
  return h(
    'div',
    { class: 'payload' },
    title ? h('h3', null, title) : null,
    pngs(data).map((b64) =>
      h('img', { class: 'thumb', src: `data:image/png;base64,${b64}`, alt: 'image in the payload' }),
    ),
    h('pre', { class: 'json' }, short),
    short === full
      ? null
      : h('details', null, h('summary', null, 'full text'), h('pre', { class: 'json' }, full)),
  );
}
