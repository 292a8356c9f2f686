// Alarms: every alarm's definition and state, and one alarm's metric against its threshold and its history.
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../api/resources.js';
import type { Alarm, AlarmHistoryItem } from '../api/types.js';
import { Chart } from '../charts/chart.js';
import { lineOption, metricLines } from '../charts/metrics.js';
import { badge, emptyState, facts, Panel, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { ago, dateTime } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import { Disposables, route, type View, type ViewContext } from './view.js';

const COMPARISONS: Readonly<Record<string, string>> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/** `Average of LowConfidencePredictions > 0.2 for 5 of 5 periods of 5 min`. */
export function condition(a: Alarm): string {
  const periods = `${a.datapointsToAlarm ?? a.evaluationPeriods} of ${a.evaluationPeriods} periods of ${a.periodSeconds >= 3600 ? `${a.periodSeconds / 3600} h` : `${a.periodSeconds / 60} min`}`;
  return `${a.statistic} of ${a.metricName} ${COMPARISONS[a.comparison] ?? a.comparison} ${a.threshold} for ${periods}`;
}

export function alarmsView({ params, pipeline }: ViewContext): View {
  const disposables = new Disposables();
  const list = new Panel('Alarms', { id: 'alarms', class: 'wide' });
  const about = new Panel('Definition', { id: 'definition' });
  const chart = disposables.add(new Chart({ label: 'the alarm metric against its threshold' }));
  const metric = new Panel('Metric', { id: 'metric' });
  const history = new Panel('History', { id: 'history', class: 'wide' });
  metric.body.append(chart.element);
  const detail = h('div', { class: 'grid grid-2' }, about.element, metric.element, history.element);

  return {
    element: h('div', { class: 'view alarms' }, h('h1', null, 'Alarms'), list.element, detail),
    dispose: () => disposables.dispose(),
    async refresh() {
      let alarms: readonly Alarm[] = [];
      await list.load(
        async () => (alarms = await api.alarms()),
        (all) => {
          const counts = ['ALARM', 'OK', 'INSUFFICIENT_DATA'].map(
            (s) => `${all.filter((a) => a.state === s).length} ${s}`,
          );
          list.note(counts.join(' · '));
          morph(
            list.body,
            all.length === 0
              ? emptyState(
                  "No alarm yet. Create the endpoint's default alarms (low confidence, drift):",
                  `scones alarms defaults --endpoint ${pipeline.endpoint}`,
                )
              : alarmTable(all, params[0] ?? all[0]?.name),
          );
        },
      );
      const alarm = alarms.find((a) => a.name === params[0]) ?? alarms[0];
      detail.hidden = !alarm;
      if (!alarm) return;
      about.element.querySelector('h2')?.replaceChildren(`Definition of ${alarm.name}`);
      await Promise.all([
        about.load(
          async () => alarm,
          (a) => morph(about.body, definition(a)),
        ),
        metric.load(
          () => alarmMetric(alarm),
          (option) => chart.set(option),
        ),
        history.load(
          () => api.alarmHistory(alarm.name),
          (items) => morph(history.body, historyList(items)),
        ),
      ]);
    },
  };
}

function alarmTable(all: readonly Alarm[], selected: string | undefined): HTMLElement {
  return table(
    [
      { title: 'Name', cell: (a) => h('a', { href: route('alarms', [a.name]) }, a.name) },
      { title: 'State', cell: (a) => badge(a.state) },
      { title: 'Condition', cell: condition },
      { title: 'Reason', class: 'small', cell: (a) => a.stateReason },
      {
        title: 'Since',
        cell: (a) => h('span', { title: dateTime(a.stateUpdatedAt) }, ago(a.stateUpdatedAt)),
      },
    ],
    all,
    {
      selected: (a) => a.name === selected,
      onRow: (a) => (location.hash = route('alarms', [a.name])),
      key: (a) => a.name,
    },
  );
}

function definition(a: Alarm): HTMLElement {
  const actions = (list: readonly unknown[] | undefined) =>
    list?.length ? list.map((x) => JSON.stringify(x)).join(', ') : 'none';
  return facts([
    ['State', [badge(a.state), ` since ${dateTime(a.stateUpdatedAt)}`]],
    ['Description', a.description || '–'],
    ['Metric', `${a.namespace} / ${a.metricName}`],
    [
      'Dimensions',
      Object.entries(a.dimensions ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || '–',
    ],
    ['Condition', condition(a)],
    ['Missing data', a.treatMissingData ?? 'missing'],
    ['On ALARM', actions(a.alarmActions)],
    ['On OK', actions(a.okActions)],
  ]);
}

/** The alarm's statistic over its own period, for 24 times the periods it evaluates, with its threshold. */
async function alarmMetric(a: Alarm): Promise<EChartsCoreOption> {
  const end = Date.now();
  const span = Math.max(a.periodSeconds * a.evaluationPeriods * 24, 3600) * 1000;
  const period = a.periodSeconds * Math.max(1, Math.ceil(span / 1000 / a.periodSeconds / 240));
  const range = { start: Math.floor((end - span) / (period * 1000)) * period * 1000, end, period };
  const lines = await metricLines(
    { namespace: a.namespace, name: a.metricName, dimensions: a.dimensions ?? {} },
    [a.statistic],
    range,
  );
  const option = lineOption(lines, { range }) as {
    series: object[];
    yAxis: object;
    legend: { data: string[] };
  };
  // Keep the threshold in view even when the metric stays far below it.
  option.yAxis = {
    ...option.yAxis,
    max: (v: { max: number }) => niceCeil(Math.max(v.max, a.threshold) * 1.1),
  };
  option.legend.data.push(`threshold ${a.threshold}`);
  option.series.push({
    name: `threshold ${a.threshold}`,
    itemStyle: { color: '#dc2626' },
    type: 'line',
    data: [],
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: '#dc2626', type: 'dashed' },
      label: { formatter: String(a.threshold) },
      data: [{ yAxis: a.threshold }],
    },
  });
  return option as EChartsCoreOption;
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten at or above `x`: an axis top that ticks evenly. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= x) ?? 10;
  return Number((step * power).toPrecision(3));
}

function historyList(items: readonly AlarmHistoryItem[]): HTMLElement {
  if (items.length === 0) return emptyState('Nothing happened to this alarm yet.');
  return table(
    [
      { title: 'Time', class: 'nowrap', cell: (i) => dateTime(i.at) },
      { title: 'Type', class: 'nowrap', cell: (i) => i.type },
      { title: 'Summary', class: 'small', cell: (i) => i.summary },
    ],
    items,
    { class: 'alarm-history', key: (i) => String(i.id) },
  );
}
