// A time range chooser for metric charts (last hour to last 15 days, the metrics' retention).
import { h } from '../ui/dom.js';
import type { TimeRange } from './metrics.js';

export const RANGES: readonly { readonly label: string; readonly hours: number }[] = [
  { label: '1 h', hours: 1 },
  { label: '6 h', hours: 6 },
  { label: '24 h', hours: 24 },
  { label: '7 days', hours: 168 },
  { label: '15 days', hours: 360 },
];

/** The last `hours` in about 240 periods of whole minutes. */
export function lastHours(hours: number, now = Date.now()): TimeRange {
  const period = Math.max(60, Math.ceil((hours * 3600) / 240 / 60) * 60);
  const start = Math.floor((now - hours * 3_600_000) / (period * 1000)) * period * 1000;
  return { start, end: now, period };
}

export function rangePicker(hours: number, onChange: (hours: number) => void): HTMLSelectElement {
  const select = h(
    'select',
    { 'aria-label': 'time range', on: { change: () => onChange(Number(select.value)) } },
    RANGES.map((r) =>
      h('option', { value: String(r.hours), selected: r.hours === hours }, `last ${r.label}`),
    ),
  );
  return select;
}
