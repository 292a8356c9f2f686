// The overview's activity row: the endpoint's traffic over the last hour and the image pipeline's newest runs.
import type { EChartsCoreOption } from 'echarts/core';
import type { Execution } from '../api/types.js';
import { timeAxis } from '../charts/chart.js';
import { metricLines } from '../charts/metrics.js';
import { lastHours } from '../charts/range-picker.js';
import { badge, emptyState, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { ago, ms } from '../ui/format.js';
import { route } from './view.js';

/** Executions the overview lists. */
export const RECENT_EXECUTIONS = 8;

/**
 * Invocations per minute (bars) and the model's p99 latency (a line on its own axis) over the last hour; null when
 * the endpoint had no invocation in that hour.
 */
export async function trafficOption(endpoint: string): Promise<EChartsCoreOption | null> {
  const range = lastHours(1);
  const metric = (name: string) => ({
    namespace: 'Scones/Endpoints',
    name,
    dimensions: { EndpointName: endpoint },
  });
  const [[invocations], [latency]] = await Promise.all([
    metricLines(metric('Invocations'), ['Sum'], range),
    metricLines(metric('ModelLatency'), ['p99'], range),
  ]);
  const points = (line: typeof invocations) => line?.points.map((p) => [...p]) ?? [];
  if (points(invocations).length === 0) return null;
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: timeAxis({ min: range.start, max: range.end }),
    yAxis: [
      { type: 'value', name: 'per minute', minInterval: 1 },
      { type: 'value', name: 'p99 ms', splitLine: { show: false } },
    ],
    series: [
      { name: 'invocations', type: 'bar', barMaxWidth: 12, data: points(invocations) },
      {
        name: 'model latency p99',
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 5,
        data: points(latency),
      },
    ],
  };
}

export function noTraffic(endpoint: string): HTMLElement {
  return emptyState(
    `No invocation of ${endpoint} in the last hour. Send it an image:`,
    `scones invoke --endpoint ${endpoint} --file <image.png>   (or scones up)`,
  );
}

export function executionTable(machine: string, executions: readonly Execution[]): HTMLElement {
  if (executions.length === 0)
    return emptyState(
      `No execution of ${machine} yet: the pipeline runs it on every test image.`,
      'scones up',
    );
  return table(
    [
      {
        title: 'Execution',
        class: 'mono ellipsis',
        cell: (e) => h('a', { href: route('workflows', [machine, e.name]), title: e.name }, e.name),
      },
      { title: 'Status', cell: (e) => badge(e.status) },
      { title: 'Started', class: 'nowrap', cell: (e) => ago(e.startDate) },
      {
        title: 'Duration',
        class: 'nowrap',
        cell: (e) => (e.stopDate ? ms(Date.parse(e.stopDate) - Date.parse(e.startDate)) : 'running'),
      },
    ],
    executions,
    { class: 'recent-executions', key: (e) => e.executionArn },
  );
}

/** A link to all executions, for the panel's header. */
export const allExecutions = (machine: string) =>
  h('a', { href: route('workflows', [machine]) }, 'all executions');
