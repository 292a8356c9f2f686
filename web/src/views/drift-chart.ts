// A report's drift tests as bars: each measure as a share of its limit from the baseline's constraints, red when it
// passed the limit with a significant p-value (a drift violation).
import type { EChartsCoreOption } from 'echarts/core';
import type { MonitoringReport } from '../api/types.js';
import { escapeHtml } from '../charts/chart.js';
import { number } from '../ui/format.js';

/** The parts of constraints.json the monitoring view reads. */
export interface Constraints {
  readonly createdAt?: string;
  readonly threshold?: number;
  readonly minRecords?: number;
  readonly significance?: number;
  readonly prediction?: {
    readonly lowConfidenceRate?: { readonly max: number };
    readonly confidenceDrift?: { readonly maxPsi: number; readonly maxJsDistance: number };
    readonly classDrift?: { readonly maxPsi: number; readonly maxJsDistance: number };
    readonly knownClasses?: readonly string[];
  };
  readonly input?: { readonly features?: Readonly<Record<string, { readonly maxKsDistance: number }>> };
  readonly embedding?: { readonly source: string; readonly maxMmd2: number } | null;
}

export interface DriftRow {
  readonly name: string;
  readonly value: number;
  readonly limit: number | undefined;
  readonly pValue: number;
}

/** Every drift test the report ran, with the limit it is held to. */
export function driftRows(report: MonitoringReport, constraints: Constraints | undefined): DriftRow[] {
  const d = report.drift;
  const p = constraints?.prediction;
  const rows: DriftRow[] = [];
  const pair = (
    label: string,
    drift: { psi: number; jsDistance: number; pValue: number } | null,
    limits: { maxPsi: number; maxJsDistance: number } | undefined,
  ) => {
    if (!drift) return;
    rows.push({ name: `${label} PSI`, value: drift.psi, limit: limits?.maxPsi, pValue: drift.pValue });
    rows.push({
      name: `${label} JS`,
      value: drift.jsDistance,
      limit: limits?.maxJsDistance,
      pValue: drift.pValue,
    });
  };
  pair('confidence', d.confidence, p?.confidenceDrift);
  pair('class', d.classes, p?.classDrift);
  for (const [feature, f] of Object.entries(d.inputFeatures))
    rows.push({
      name: `${feature} KS`,
      value: f.ksDistance,
      limit: constraints?.input?.features?.[feature]?.maxKsDistance,
      pValue: f.pValue,
    });
  if (d.embedding)
    rows.push({
      name: 'embedding MMD²',
      value: d.embedding.mmd2,
      limit: constraints?.embedding?.maxMmd2 ?? undefined,
      pValue: d.embedding.pValue,
    });
  return rows;
}

/**
 * Bars of value / limit: past 100% the measure is over its limit. The unbiased MMD² estimate goes below zero when
 * two samples are alike; it is drawn at 0 (the tooltip keeps the measured value).
 */
export function driftOption(rows: readonly DriftRow[], level: number): EChartsCoreOption {
  const ratio = (r: DriftRow) => (r.limit ? Math.max(0, r.value / r.limit) : 0);
  const highest = Math.max(1, ...rows.map(ratio));
  const max = Math.ceil(highest * 1.2 * 4) / 4;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (item: { dataIndex: number }) => {
        const r = rows[item.dataIndex];
        return r
          ? `${escapeHtml(r.name)}: ${number(r.value, 4)} (limit ${r.limit === undefined ? '–' : number(r.limit, 4)}), p = ${number(r.pValue, 4)}`
          : '';
      },
    },
    grid: { left: 120, right: 24, top: 24, bottom: 48 },
    xAxis: {
      type: 'value',
      min: 0,
      // The limit line stays in view when every measure is far below it; ticks at quarters of the limit.
      max,
      ...(max <= 2 ? { interval: 0.25 } : {}),
      name: 'share of the limit',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
    series: [
      {
        type: 'bar',
        barMaxWidth: 14,
        data: rows.map((r) => ({
          value: ratio(r),
          itemStyle: { color: ratio(r) > 1 && r.pValue < level ? '#dc2626' : '#2563eb' },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#dc2626', type: 'dashed' },
          // The category axis runs top-down (inverse), so the line starts at the top.
          label: { formatter: 'limit', position: 'start' },
          data: [{ xAxis: 1 }],
        },
      },
    ],
  };
}
