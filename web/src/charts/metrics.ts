// Metric series from the metrics store (GET /api/v1/metrics/statistics) as chart lines, over a time range.
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../api/resources.js';
import { escapeHtml, timeAxis } from './chart.js';

export interface TimeRange {
  readonly start: number;
  readonly end: number;
  /** Seconds per datapoint, a multiple of 60. */
  readonly period: number;
}

/** A range covering `since` to now in at most ~240 periods (1 minute at least), or the last hour. */
export function rangeSince(since: number | undefined, now = Date.now()): TimeRange {
  const start = Math.min(since ?? now - 3_600_000, now - 3_600_000);
  const period = Math.max(60, Math.ceil((now - start) / 1000 / 240 / 60) * 60);
  return { start: Math.floor(start / (period * 1000)) * period * 1000, end: now, period };
}

export interface Line {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
}

/** One line per statistic of a metric. */
export async function metricLines(
  metric: { namespace: string; name: string; dimensions: Readonly<Record<string, string>> },
  statistics: readonly string[],
  range: TimeRange,
  label: (statistic: string) => string = (s) => s,
): Promise<Line[]> {
  const result = await api.metric({
    ...metric,
    statistics,
    period: range.period,
    start: range.start,
    end: range.end,
  });
  return statistics.map((s) => ({
    label: label(s),
    points: result.datapoints.flatMap((d) => {
      const value = d.values[s];
      return value === undefined ? [] : [[Date.parse(d.timestamp), value] as const];
    }),
  }));
}

export function lineOption(
  lines: readonly Line[],
  options: { unit?: string; bars?: boolean; range?: TimeRange; yMin?: number; yMax?: number } = {},
): EChartsCoreOption {
  const unit = options.unit ?? '';
  return {
    legend: { top: 0, data: lines.map((l) => l.label) },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) =>
        `${typeof v === 'number' ? Number(v.toPrecision(4)) : escapeHtml(v)}${unit}`,
    },
    xAxis: timeAxis(options.range ? { min: options.range.start, max: options.range.end } : {}),
    yAxis: {
      type: 'value',
      axisLabel: { formatter: `{value}${unit}` },
      ...(options.yMin === undefined ? {} : { min: options.yMin }),
      ...(options.yMax === undefined ? {} : { max: options.yMax }),
    },
    series: lines.map((l) => ({
      name: l.label,
      type: options.bars ? 'bar' : 'line',
      data: l.points.map((p) => [...p]),
      showSymbol: l.points.length < 40,
      symbolSize: 5,
      ...(options.bars ? { barMaxWidth: 14, barGap: '10%' } : {}),
    })),
  };
}
