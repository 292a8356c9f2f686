// Overview: the pipeline's stages and their status, the deployed model, endpoint health and traffic, the last
// monitoring report, the alarms in ALARM, then the last hour's traffic and the newest executions.
import { ApiError } from '../api/client.js';
import { api } from '../api/resources.js';
import type { Alarm, EndpointRecord, Execution, ModelVersion, ReportRun } from '../api/types.js';
import { Chart } from '../charts/chart.js';
import { badge, emptyState, facts, link, Panel, stat, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { ago, count, dateTime, ms, percent } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import {
  allExecutions,
  executionTable,
  noTraffic,
  RECENT_EXECUTIONS,
  trafficOption,
} from './overview-activity.js';
import { loadStages, stageRow } from './pipeline-stages.js';
import { Disposables, route, type View, type ViewContext } from './view.js';

export function overviewView({ pipeline }: ViewContext): View {
  const disposables = new Disposables();
  const stages = new Panel('Pipeline', { id: 'stages' });
  const model = new Panel('Deployed model', { id: 'model' });
  const traffic = new Panel('Endpoint health and traffic', { id: 'traffic' });
  const report = new Panel('Last monitoring report', { id: 'report' });
  const alarms = new Panel('Alarms in ALARM', { id: 'alarms' });
  const trafficChart = disposables.add(
    new Chart({ height: 240, label: 'invocations and latency, last hour' }),
  );
  const hour = new Panel('Endpoint traffic, last hour', { id: 'traffic-hour' });
  const executions = new Panel(`Newest executions of ${pipeline.imagePipeline}`, {
    id: 'executions',
    actions: allExecutions(pipeline.imagePipeline),
  });
  hour.body.append(trafficChart.element);
  const element = h(
    'div',
    { class: 'view overview' },
    h('h1', null, 'Overview'),
    stages.element,
    h('div', { class: 'grid grid-4' }, model.element, traffic.element, report.element, alarms.element),
    h('div', { class: 'grid grid-2' }, hour.element, executions.element),
  );

  return {
    element,
    dispose: () => disposables.dispose(),
    async refresh() {
      const endpoint = await api
        .endpoints()
        .then((all) => all.find((e) => e.name === pipeline.endpoint))
        .catch(() => undefined);
      await Promise.all([
        stages.load(
          () => loadStages(pipeline),
          (list) => morph(stages.body, stageRow(list)),
        ),
        model.load(
          () => deployedModel(endpoint),
          (version) => morph(model.body, modelCard(version)),
        ),
        traffic.load(
          () => endpointTraffic(pipeline.endpoint),
          (data) => morph(traffic.body, trafficCard(pipeline.endpoint, data)),
        ),
        report.load(
          () => api.reports(pipeline.endpoint, 1).then((runs) => runs[0] ?? null),
          (run) => morph(report.body, reportCard(pipeline.endpoint, run)),
        ),
        alarms.load(
          () => api.alarms('ALARM'),
          (list) => morph(alarms.body, alarmList(list)),
        ),
        hour.load(
          () => trafficOption(pipeline.endpoint),
          (option) => {
            trafficChart.element.hidden = !option;
            morph(hour.body, trafficChart.element, option ? null : noTraffic(pipeline.endpoint));
            if (option) trafficChart.set(option);
          },
        ),
        executions.load(
          () => recentExecutions(pipeline.imagePipeline),
          (list) => morph(executions.body, executionTable(pipeline.imagePipeline, list)),
        ),
      ]);
    },
  };
}

/** The newest executions; none when the state machine does not exist yet. */
async function recentExecutions(machine: string): Promise<readonly Execution[]> {
  try {
    return (await api.executions(machine, { maxResults: RECENT_EXECUTIONS })).executions;
  } catch (error) {
    if (error instanceof ApiError && error.notFound) return [];
    throw error;
  }
}

function alarmList(list: readonly Alarm[]): HTMLElement {
  if (list.length === 0) return h('p', { class: 'all-clear' }, badge('OK', 'none'), ' No alarm is in ALARM.');
  return table(
    [
      { title: 'Alarm', cell: (a) => link(route('alarms', [a.name]), a.name) },
      { title: 'Since', cell: (a) => ago(a.stateUpdatedAt) },
    ],
    list,
    { key: (a) => a.name },
  );
}

async function deployedModel(endpoint: EndpointRecord | undefined): Promise<ModelVersion | null> {
  const version = endpoint?.variants[0]?.modelVersion;
  return version === undefined ? null : api.model(version);
}

function modelCard(version: ModelVersion | null): HTMLElement {
  if (!version) return emptyState('No model is deployed yet.', 'scones up');
  const m = version.metrics;
  return h(
    'div',
    null,
    stat(
      'Test accuracy',
      percent(m.accuracy),
      link(route('models', [version.version]), `model v${version.version}`),
    ),
    facts([
      ['Architecture', version.arch],
      ['Kept at ≥ threshold', percent(m.coverage_at_threshold)],
      ['Accuracy of kept', percent(m.selective_accuracy_at_threshold)],
      ['Trained', dateTime(version.createdAt)],
    ]),
  );
}

interface Traffic {
  readonly record: EndpointRecord | undefined;
  /** Sums and percentiles over the last 24 hours, from the metrics store. */
  readonly day: Readonly<Record<string, number | undefined>>;
  readonly newest: string | undefined;
}

const DAY_MS = 86_400_000;

/** One statistic over the last 24 hours: a single period of a day. */
async function lastDay(name: string, statistic: string, endpoint: string): Promise<number | undefined> {
  const end = Date.now();
  const result = await api.metric({
    namespace: 'Scones/Endpoints',
    name,
    dimensions: { EndpointName: endpoint },
    statistics: [statistic],
    period: DAY_MS / 1000,
    start: end - DAY_MS,
    end,
  });
  return result.datapoints[0]?.values[statistic];
}

async function endpointTraffic(name: string): Promise<Traffic> {
  const record = (await api.endpoints()).find((e) => e.name === name);
  if (!record) return { record, day: {}, newest: undefined };
  const [invocations, errors4xx, errors5xx, p50, p99, lowConfidence, newest] = await Promise.all([
    lastDay('Invocations', 'Sum', name),
    lastDay('Invocation4XXErrors', 'Sum', name),
    lastDay('Invocation5XXErrors', 'Sum', name),
    lastDay('ModelLatency', 'p50', name),
    lastDay('ModelLatency', 'p99', name),
    lastDay('LowConfidencePredictions', 'Average', name),
    api.captures(name, 1, 0).then((c) => c.inferences[0]?.time),
  ]);
  return { record, day: { invocations, errors4xx, errors5xx, p50, p99, lowConfidence }, newest };
}

/** The confidence threshold the filter function applies (its THRESHOLD setting; 0.93 by default). */
export async function thresholdOf(functionName = 'scones-filterLowConfidence'): Promise<number> {
  const fn = (await api.functions()).find((f) => f.name === functionName);
  const value = Number(fn?.environment.THRESHOLD);
  return fn?.environment.THRESHOLD !== undefined && Number.isFinite(value) ? value : 0.93;
}

function trafficCard(name: string, data: Traffic): HTMLElement {
  if (!data.record) return emptyState(`Endpoint ${name} is not deployed.`, 'scones up');
  const r = data.record;
  const d = data.day;
  return h(
    'div',
    null,
    stat(
      'Invocations, last 24 h',
      count(d.invocations ?? 0),
      link(route('endpoint', [name]), `endpoint ${name}`),
    ),
    facts([
      ['Status', badge(r.status)],
      ['Errors', `${count(d.errors4xx ?? 0)} 4xx · ${count(d.errors5xx ?? 0)} 5xx`],
      ['Model latency', `p50 ${ms(d.p50)} · p99 ${ms(d.p99)}`],
      ['Low confidence', percent(d.lowConfidence)],
      ['Last inference', data.newest ? ago(data.newest) : 'none yet'],
    ]),
  );
}

function reportCard(endpoint: string, run: ReportRun | null): HTMLElement {
  if (!run)
    return emptyState(
      'No monitoring report yet. Take a baseline, then report on captured traffic:',
      `scones monitor baseline --endpoint ${endpoint}\nscones monitor run --endpoint ${endpoint} --from -1h`,
    );
  return h(
    'div',
    null,
    stat('Violations', count(run.violations), link(route('monitoring', [endpoint]), 'monitoring')),
    facts([
      ['Status', badge(run.status)],
      ['Window', `${dateTime(run.from)} – ${dateTime(run.to)}`],
      ['Records', count(run.records)],
      ['Finished', ago(run.finishedAt)],
    ]),
  );
}
