// How numbers, times and durations read on the dashboard.

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : `${(value * 100).toFixed(digits)}%`;
}

export function number(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(digits);
}

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : Math.round(value).toLocaleString('en-US');
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0 ms';
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
  return seconds(value / 1000);
}

export function seconds(value: number): string {
  if (value < 60) return `${value.toFixed(value < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(value / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(value % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2024-05-01 13:04:05` in the browser's time zone. */
export function dateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function time(value: string | number): string {
  const d = new Date(value);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** `3 min ago`. */
export function ago(value: string | number | null | undefined, now = Date.now()): string {
  if (value === null || value === undefined) return '–';
  const elapsed = (now - new Date(value).getTime()) / 1000;
  if (!Number.isFinite(elapsed)) return '–';
  if (elapsed < 5) return 'just now';
  if (elapsed < 90) return `${Math.round(elapsed)} s ago`;
  if (elapsed < 5400) return `${Math.round(elapsed / 60)} min ago`;
  if (elapsed < 129_600) return `${Math.round(elapsed / 3600)} h ago`;
  return `${Math.round(elapsed / 86_400)} days ago`;
}

export function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  if (value < 1024 ** 2) return `${(value / 1024).toFixed(1)} KiB`;
  if (value < 1024 ** 3) return `${(value / 1024 ** 2).toFixed(1)} MiB`;
  return `${(value / 1024 ** 3).toFixed(2)} GiB`;
}

/** Pretty JSON of a value, or of JSON text (left as it is when it does not parse). */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

/** The last part of an ARN (`...:execution:machine:name` gives `name`). */
export function arnName(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}
