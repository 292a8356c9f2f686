// Endpoint: the Model Monitor picture of captured traffic (top-1 confidence over time against the threshold,
// coloured by predicted class), latency and invocations over time, class distribution, recent inferences.
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../api/resources.js';
import type { CapturedInference, Captures, EndpointDescription, EndpointRecord } from '../api/types.js';
import { Chart, escapeHtml, PALETTE, timeAxis } from '../charts/chart.js';
import { lineOption, metricLines, rangeSince, type TimeRange } from '../charts/metrics.js';
import { badge, emptyState, facts, link, Panel, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { count, dateTime, ms, number, percent, time } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import { thresholdOf } from './overview.js';
import { Disposables, route, type View, type ViewContext } from './view.js';

/** Captured inferences plotted (newest first), and how many of them come with their image. */
const POINTS = 2000;
const THUMBNAILS = 24;

export function endpointView({ pipeline, params }: ViewContext): View {
  const disposables = new Disposables();
  const about = new Panel('Endpoint', { id: 'endpoint' });
  const scatterChart = disposables.add(new Chart({ height: 320, label: 'top-1 confidence over time' }));
  const scatter = new Panel('Top-1 confidence of captured inferences', { id: 'confidence', class: 'span-2' });
  const latencyChart = disposables.add(new Chart({ label: 'model latency p50 and p99' }));
  const latency = new Panel('Model latency', { id: 'latency' });
  const invocationsChart = disposables.add(new Chart({ label: 'invocations per period' }));
  const invocations = new Panel('Invocations', { id: 'invocations' });
  const classChart = disposables.add(new Chart({ label: 'predicted class distribution' }));
  const classes = new Panel('Class distribution', { id: 'classes' });
  const recent = new Panel('Recent inferences', { id: 'recent', class: 'wide' });
  scatter.body.append(scatterChart.element);
  latency.body.append(latencyChart.element);
  invocations.body.append(invocationsChart.element);
  classes.body.append(classChart.element);
  const picker = h('div', { class: 'picker' });
  const element = h(
    'div',
    { class: 'view endpoint' },
    h('div', { class: 'title-row' }, h('h1', null, 'Endpoint'), picker),
    h(
      'div',
      { class: 'grid grid-3' },
      scatter.element,
      about.element,
      latency.element,
      invocations.element,
      classes.element,
      recent.element,
    ),
  );

  return {
    element,
    dispose: () => disposables.dispose(),
    async refresh() {
      const all = await api.endpoints().catch((error: unknown) => {
        about.showError(error);
        return undefined;
      });
      if (!all) return;
      const name =
        params[0] ?? (all.some((e) => e.name === pipeline.endpoint) ? pipeline.endpoint : all[0]?.name);
      morph(picker, endpointPicker(all, name));
      const record = all.find((e) => e.name === name);
      // Without an endpoint there is nothing to chart: the endpoint panel says what to run.
      for (const panel of [scatter, latency, invocations, classes, recent]) panel.element.hidden = !record;
      if (!name || !record) {
        morph(
          about.body,
          emptyState(
            name ? `There is no endpoint ${name}.` : 'No endpoint is deployed yet.',
            `scones up   (or scones deploy --endpoint ${pipeline.endpoint} --model latest --capture-percent 100)`,
          ),
        );
        return;
      }
      await about.load(
        () => api.endpoint(name),
        (r) => morph(about.body, aboutEndpoint(r)),
      );
      let captured: Captures | undefined;
      let threshold = 0.93;
      await scatter.load(
        async () => {
          [captured, threshold] = await Promise.all([
            api.captures(name, POINTS, THUMBNAILS),
            thresholdOf(pipeline.filterFunction),
          ]);
          return { captured, threshold };
        },
        (data) => showScatter(scatter, scatterChart, data.captured, data.threshold),
      );
      if (!captured) return;
      const data = captured;
      const range = rangeSince(Date.parse(data.inferences.at(-1)?.time ?? '') || undefined);
      const dimensions = { EndpointName: name };
      await Promise.all([
        classes.load(
          async () => classCounts(data),
          (counts) => classChart.set(classOption(counts)),
        ),
        recent.load(
          async () => data.inferences.slice(0, THUMBNAILS),
          (rows) => morph(recent.body, recentTable(rows, threshold)),
        ),
        latency.load(
          () =>
            metricLines(
              { namespace: 'Scones/Endpoints', name: 'ModelLatency', dimensions },
              ['p50', 'p99'],
              range,
              (s) => `${s} model`,
            ),
          (lines) => {
            latency.note(rangeNote(range));
            latencyChart.set(lineOption(lines, { unit: ' ms', range }));
          },
        ),
        invocations.load(
          async () => [
            ...(await metricLines(
              { namespace: 'Scones/Endpoints', name: 'Invocations', dimensions },
              ['Sum'],
              range,
              () => 'invocations',
            )),
            ...(await metricLines(
              { namespace: 'Scones/Endpoints', name: 'Invocation4XXErrors', dimensions },
              ['Sum'],
              range,
              () => '4xx',
            )),
            ...(await metricLines(
              { namespace: 'Scones/Endpoints', name: 'Invocation5XXErrors', dimensions },
              ['Sum'],
              range,
              () => '5xx',
            )),
          ],
          (lines) => {
            invocations.note(rangeNote(range));
            invocationsChart.set(lineOption(lines, { bars: true, range }));
          },
        ),
      ]);
    },
  };
}

function rangeNote(range: TimeRange): string {
  return `per ${range.period / 60} min since ${dateTime(range.start)}`;
}

function endpointPicker(all: readonly EndpointRecord[], selected: string | undefined): HTMLElement {
  if (all.length < 2) return h('span');
  const select = h(
    'select',
    { 'aria-label': 'endpoint', on: { change: () => (location.hash = route('endpoint', [select.value])) } },
    all.map((e) => h('option', { value: e.name, selected: e.name === selected }, e.name)),
  );
  return select;
}

function aboutEndpoint(r: EndpointDescription): HTMLElement {
  const since = r.invocations;
  const outcomes = Object.entries(since.byOutcome)
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${count(n)} ${outcome.replace('_', ' ')}`)
    .join(' · ');
  return facts([
    ['Name', r.name],
    ['Status', [badge(r.status), r.failureReason ? ` ${r.failureReason}` : '']],
    [
      'Variants',
      r.variants.map((v) =>
        h(
          'div',
          null,
          `${v.name}: `,
          link(route('models', [v.modelVersion]), `model v${v.modelVersion}`),
          ` · weight ${v.weight}`,
        ),
      ),
    ],
    ['Data capture', r.capture.enabled ? `${r.capture.samplingPercent}% · ${r.capture.destination}` : 'off'],
    ['Updated', dateTime(r.updatedAt)],
    // Counted by this server process since it started (the charts read the metrics store).
    ['Since start', `${count(since.count)} invocations${outcomes ? `: ${outcomes}` : ''}`],
    ['Mean latency', `model ${ms(since.meanModelLatencyMs)} · overhead ${ms(since.meanOverheadLatencyMs)}`],
  ]);
}

function showScatter(panel: Panel, chart: Chart, captured: Captures, threshold: number): void {
  const points = captured.inferences.filter((i) => i.confidence !== null);
  const below = points.filter((i) => (i.confidence as number) < threshold).length;
  panel.note(
    `${count(points.length)} ${points.length === POINTS ? 'newest ' : ''}inferences · ${count(below)} below ${threshold}`,
  );
  if (points.length === 0) {
    chart.element.hidden = true;
    morph(
      panel.body,
      chart.element,
      emptyState(
        captured.captureEnabled
          ? 'No captured inference yet. Send the endpoint some images:'
          : 'Data capture is off for this endpoint. Turn it on to see its traffic:',
        captured.captureEnabled
          ? `scones invoke --endpoint ${captured.endpoint} --file <image.png>   (or scones up)`
          : `scones deploy --endpoint ${captured.endpoint} --model latest --capture-percent 100`,
      ),
    );
    return;
  }
  chart.element.hidden = false;
  morph(panel.body, chart.element);
  chart.set(scatterOption(points, captured.classes, threshold));
}

function scatterOption(
  points: readonly CapturedInference[],
  classes: readonly string[],
  threshold: number,
): EChartsCoreOption {
  const names = [...new Set([...classes, ...points.map((p) => p.predictedClass ?? '?')])];
  return {
    // Opaque legend icons: only the points are drawn at 0.75 opacity.
    legend: { top: 0, data: [...names, `threshold ${threshold}`], itemStyle: { opacity: 1 } },
    tooltip: {
      trigger: 'item',
      formatter: (item: { data: [number, number, string, string] }) =>
        `${escapeHtml(item.data[2])} · ${item.data[1].toFixed(4)}<br>${escapeHtml(dateTime(item.data[0]))}<br><span style="color:#64748b">${escapeHtml(item.data[3])}</span>`,
    },
    xAxis: timeAxis({ scale: true }),
    yAxis: {
      type: 'value',
      min: (v: { min: number }) => Math.max(0, Math.floor(Math.min(v.min, threshold) * 10) / 10),
      max: 1,
      name: 'confidence',
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series: [
      ...names.map((name, i) => ({
        name,
        type: 'scatter',
        symbolSize: 6,
        itemStyle: { color: PALETTE[i % PALETTE.length], opacity: 0.75 },
        data: points
          .filter((p) => (p.predictedClass ?? '?') === name)
          .map((p) => [Date.parse(p.time), p.confidence, name, p.inferenceId ?? p.eventId]),
      })),
      {
        name: `threshold ${threshold}`,
        type: 'line',
        data: [],
        itemStyle: { color: '#dc2626' },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#dc2626', type: 'dashed', width: 1.5 },
          label: { formatter: `${threshold}`, position: 'insideEndTop', color: '#dc2626' },
          data: [{ yAxis: threshold }],
        },
      },
    ],
  };
}

function classCounts(captured: Captures): { name: string; count: number }[] {
  const counts = new Map<string, number>(captured.classes.map((c) => [c, 0]));
  for (const i of captured.inferences)
    if (i.predictedClass) counts.set(i.predictedClass, (counts.get(i.predictedClass) ?? 0) + 1);
  return [...counts].map(([name, n]) => ({ name, count: n }));
}

function classOption(counts: readonly { name: string; count: number }[]): EChartsCoreOption {
  const total = counts.reduce((a, c) => a + c.count, 0);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (item: { name: string; value: number }) =>
        `${escapeHtml(item.name)}: ${item.value} (${percent(total ? item.value / total : null)})`,
    },
    xAxis: { type: 'category', data: counts.map((c) => c.name) },
    yAxis: { type: 'value', name: 'inferences', minInterval: 1 },
    series: [
      {
        type: 'bar',
        barMaxWidth: 48,
        label: {
          show: true,
          position: 'top',
          formatter: (p: { value: number }) => `${p.value} (${percent(total ? p.value / total : null, 0)})`,
        },
        data: counts.map((c, i) => ({ value: c.count, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
      },
    ],
  };
}

function recentTable(rows: readonly CapturedInference[], threshold: number): HTMLElement {
  if (rows.length === 0) return emptyState('No captured inference yet.');
  return table(
    [
      {
        title: 'Image',
        cell: (r) =>
          r.image && r.contentType
            ? h('img', {
                class: 'thumb',
                src: `data:${r.contentType};base64,${r.image}`,
                alt: r.predictedClass ?? 'input',
              })
            : h('span', { class: 'muted' }, r.contentType ?? 'no input'),
      },
      { title: 'Time', cell: (r) => h('span', { title: dateTime(r.time) }, time(r.time).slice(0, 8)) },
      { title: 'Predicted', cell: (r) => r.predictedClass ?? '–' },
      {
        title: 'Confidence',
        cell: (r) =>
          r.confidence === null
            ? '–'
            : badge(r.confidence >= threshold ? 'above' : 'below', number(r.confidence, 4)),
      },
      { title: 'Probabilities', cell: (r) => (r.probabilities ?? []).map((p) => number(p, 3)).join(' / ') },
      { title: 'Inference', class: 'mono small', cell: (r) => r.inferenceId ?? r.eventId },
    ],
    rows,
    { class: 'inferences', key: (r) => r.eventId },
  );
}
