// Monitoring: an endpoint's baseline, schedules and reports; one report's drift against the baseline
// (confidence and class distributions side by side, each drift test against its limit) and its violations.
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../api/resources.js';
import type { Histogram, MonitoringReport, MonitoringStatistics, ReportRun, Schedule } from '../api/types.js';
import { Chart, timeAxis } from '../charts/chart.js';
import { badge, emptyState, facts, Panel, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { count, dateTime, number, percent } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import { type Constraints, driftOption, driftRows } from './drift-chart.js';
import { Disposables, route, type View, type ViewContext } from './view.js';

interface ReportData {
  readonly report: MonitoringReport;
  readonly window: MonitoringStatistics;
  readonly baseline: MonitoringStatistics;
}

export function monitoringView({ pipeline, params }: ViewContext): View {
  const endpoint = params[0] ?? pipeline.endpoint;
  const chosenWindow = params[1];
  const disposables = new Disposables();
  const baseline = new Panel('Baseline', { id: 'baseline' });
  const schedules = new Panel('Schedule', { id: 'schedule' });
  const trendChart = disposables.add(
    new Chart({ height: 220, label: 'violations and low-confidence rate per report' }),
  );
  const trend = new Panel('Reports over time', { id: 'trend' });
  const runs = new Panel('Reports', { id: 'reports', class: 'wide' });
  const charts = {
    confidence: disposables.add(new Chart({ label: 'confidence histogram, baseline and window' })),
    classes: disposables.add(new Chart({ label: 'class shares, baseline and window' })),
    drift: disposables.add(new Chart({ height: 300, label: 'drift measures against their limits' })),
  };
  const confidence = new Panel('Confidence: baseline vs window', { id: 'confidence-drift' });
  const classes = new Panel('Predicted classes: baseline vs window', { id: 'class-drift' });
  const drift = new Panel('Drift tests', { id: 'drift' });
  const violations = new Panel('Violations', { id: 'violations', class: 'wide' });
  trend.body.append(trendChart.element);
  confidence.body.append(charts.confidence.element);
  classes.body.append(charts.classes.element);
  drift.body.append(charts.drift.element);
  const detail = h(
    'div',
    { class: 'grid grid-3' },
    confidence.element,
    classes.element,
    drift.element,
    violations.element,
  );

  const showDrift = (report: MonitoringReport, constraints: Constraints | undefined) => {
    const rows = driftRows(report, constraints);
    const skipped = report.drift.skipped;
    drift.note(
      rows.length ? `${report.drift.tests} tests, each at p < ${number(report.drift.level, 4)}` : '',
    );
    if (rows.length === 0) {
      morph(
        drift.body,
        emptyState(
          `No drift test ran on this window: ${skipped.join('; ')}. A longer window has more records:`,
          `scones monitor run --endpoint ${endpoint} --from -1h`,
        ),
      );
      return;
    }
    morph(
      drift.body,
      charts.drift.element,
      skipped.length
        ? h(
            'ul',
            { class: 'muted small' },
            skipped.map((s) => h('li', null, `skipped: ${s}`)),
          )
        : null,
    );
    charts.drift.set(driftOption(rows, report.drift.level));
  };

  return {
    element: h(
      'div',
      { class: 'view monitoring' },
      h('h1', null, `Monitoring of ${endpoint}`),
      h('div', { class: 'grid grid-3' }, baseline.element, schedules.element, trend.element, runs.element),
      detail,
    ),
    dispose: () => disposables.dispose(),
    async refresh() {
      let list: readonly ReportRun[] = [];
      let constraints: Constraints | undefined;
      await Promise.all([
        baseline.load(
          async () => {
            constraints = ((await api.constraints(endpoint)) ?? undefined) as Constraints | undefined;
            return constraints ?? null;
          },
          (c) =>
            morph(
              baseline.body,
              c
                ? baselineFacts(c)
                : emptyState(
                    'No baseline yet: take one from the validation images.',
                    `scones monitor baseline --endpoint ${endpoint}`,
                  ),
            ),
        ),
        schedules.load(
          () => api.schedules(),
          (all) =>
            morph(
              schedules.body,
              scheduleFacts(
                all.find((s) => s.endpoint === endpoint),
                endpoint,
              ),
            ),
        ),
        runs.load(
          async () => (list = await api.reports(endpoint, 200)),
          (all) => {
            runs.note(`${all.length} reports`);
            morph(
              runs.body,
              all.length === 0
                ? emptyState(
                    'No report yet. Report on the captured traffic of a window:',
                    `scones monitor run --endpoint ${endpoint} --from -1h   (or scones monitor schedule --endpoint ${endpoint})`,
                  )
                : runTable(endpoint, all, chosenWindow),
            );
            trend.element.hidden = all.length === 0;
            if (all.length) trendChart.set(trendOption(all));
          },
        ),
      ]);
      const run = list.find((r) => r.from === chosenWindow) ?? list.find((r) => r.reportUri);
      detail.hidden = !run?.reportUri;
      if (!run?.reportUri) return;
      const uri = run.reportUri;
      await violations.load(
        () => loadReport(uri),
        (data) => {
          violations.element
            .querySelector('h2')
            ?.replaceChildren(
              `Violations in ${dateTime(data.report.window.from)} – ${dateTime(data.report.window.to)}`,
            );
          morph(violations.body, violationTable(data.report));
          charts.confidence.set(confidenceOption(data));
          charts.classes.set(classOption(data));
          showDrift(data.report, constraints);
        },
      );
    },
  };
}

async function loadReport(uri: string): Promise<ReportData> {
  const report = await api.storedJson<MonitoringReport>(uri);
  const [window, baseline] = await Promise.all([
    api.storedJson<MonitoringStatistics>(report.files.statistics),
    api.storedJson<MonitoringStatistics>(report.baseline),
  ]);
  return { report, window, baseline };
}

function baselineFacts(c: Constraints): HTMLElement {
  const p = c.prediction;
  return facts([
    ['Taken', dateTime(c.createdAt)],
    ['Threshold', String(c.threshold ?? '–')],
    ['Low-confidence rate', p?.lowConfidenceRate ? `at most ${percent(p.lowConfidenceRate.max)}` : '–'],
    [
      'Confidence drift',
      p?.confidenceDrift ? `PSI ≤ ${p.confidenceDrift.maxPsi}, JS ≤ ${p.confidenceDrift.maxJsDistance}` : '–',
    ],
    ['Classes', (p?.knownClasses ?? []).join(', ') || '–'],
    ['Drift checks', `from ${c.minRecords ?? '?'} records, significance ${c.significance ?? '?'}`],
  ]);
}

function scheduleFacts(schedule: Schedule | undefined, endpoint: string): HTMLElement {
  if (!schedule)
    return emptyState(
      'Reports run only when asked. Run them hourly:',
      `scones monitor schedule --endpoint ${endpoint}`,
    );
  return facts([
    ['Cron (UTC)', h('code', null, schedule.cron)],
    ['Capture', schedule.captureUri],
    ['Reported until', dateTime(schedule.reportedUntil)],
    ['Settle', `${schedule.settleSeconds} s`],
  ]);
}

function runTable(endpoint: string, runs: readonly ReportRun[], chosen: string | undefined): HTMLElement {
  const selected = chosen ?? runs.find((r) => r.reportUri)?.from;
  return table(
    [
      { title: 'Window', cell: (r) => `${dateTime(r.from)} – ${dateTime(r.to).slice(11)}` },
      { title: 'Status', cell: (r) => badge(r.status) },
      { title: 'Records', cell: (r) => count(r.records) },
      {
        title: 'Violations',
        cell: (r) =>
          r.violations ? h('span', { class: 'bad-text' }, count(r.violations)) : count(r.violations),
      },
      { title: 'Finished', cell: (r) => dateTime(r.finishedAt) },
      { title: 'Error', cell: (r) => r.error ?? '' },
    ],
    runs,
    {
      selected: (r) => r.from === selected,
      onRow: (r) => (location.hash = route('monitoring', [endpoint, r.from])),
      key: (r) => r.from,
    },
  );
}

function trendOption(runs: readonly ReportRun[]): EChartsCoreOption {
  const done = runs.filter((r) => r.records !== null);
  const ends = done.map((r) => Date.parse(r.to));
  // A margin around the reports' ends: one report (or a few minutes apart) still gets a readable axis.
  const first = Math.min(...ends);
  const last = Math.max(...ends);
  const margin = Math.max(1_800_000, (last - first) * 0.05);
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: timeAxis(done.length ? { min: first - margin, max: last + margin } : {}),
    yAxis: [
      { type: 'value', name: 'violations', minInterval: 1 },
      { type: 'value', name: 'records', splitLine: { show: false } },
    ],
    series: [
      {
        name: 'violations',
        type: 'bar',
        barMaxWidth: 16,
        itemStyle: { color: '#dc2626' },
        data: done.map((r) => [Date.parse(r.to), r.violations ?? 0]),
      },
      {
        name: 'records',
        type: 'line',
        yAxisIndex: 1,
        data: done.map((r) => [Date.parse(r.to), r.records ?? 0]),
      },
    ],
  };
}

/** Shares per bin, so a window of 50 and a baseline of 500 compare. */
function shares(histogram: Histogram | undefined): number[] {
  const total = histogram?.counts.reduce((a, b) => a + b, 0) ?? 0;
  return histogram?.counts.map((c) => (total ? c / total : 0)) ?? [];
}

function confidenceOption({ window, baseline }: ReportData): EChartsCoreOption {
  const histogram = baseline.prediction.confidence?.histogram ?? window.prediction.confidence?.histogram;
  const edges = histogram?.edges ?? [];
  const labels = edges.slice(0, -1).map((e, i) => `${e.toFixed(2)}–${(edges[i + 1] as number).toFixed(2)}`);
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30, fontSize: 10 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    grid: { left: 48, right: 16, top: 36, bottom: 64 },
    series: [
      { name: 'baseline', type: 'bar', data: shares(baseline.prediction.confidence?.histogram) },
      { name: 'window', type: 'bar', data: shares(window.prediction.confidence?.histogram) },
    ],
  };
}

function classOption({ window, baseline }: ReportData): EChartsCoreOption {
  const names = [...new Set([...baseline.classes, ...Object.keys(window.prediction.classDistribution)])];
  const share = (s: MonitoringStatistics, name: string) => s.prediction.classDistribution[name]?.share ?? 0;
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      { name: 'baseline', type: 'bar', barMaxWidth: 40, data: names.map((n) => share(baseline, n)) },
      { name: 'window', type: 'bar', barMaxWidth: 40, data: names.map((n) => share(window, n)) },
    ],
  };
}

function violationTable(report: MonitoringReport): HTMLElement {
  if (report.violations.length === 0)
    return h(
      'p',
      { class: 'all-clear' },
      badge('OK', 'none'),
      ` No violation in ${count(report.counts.records)} records (low-confidence rate ${percent(report.lowConfidenceRate)}).`,
    );
  return h(
    'div',
    null,
    table(
      [
        { title: 'Feature', class: 'mono', cell: (v) => v.feature_name },
        { title: 'Check', cell: (v) => v.constraint_check_type },
        {
          title: 'Observed',
          cell: (v) => (typeof v.observed === 'number' ? number(v.observed, 4) : v.observed),
        },
        { title: 'Limit', cell: (v) => (typeof v.limit === 'number' ? number(v.limit, 4) : v.limit) },
        { title: 'Description', cell: (v) => v.description },
      ],
      report.violations,
      { class: 'violations' },
    ),
    h('p', { class: 'muted small' }, 'File: ', h('span', { class: 'mono' }, report.files.violations)),
  );
}
