// Overview: the pipeline's stages and their status, the deployed model, endpoint health and traffic, the last
// monitoring report and the alarms in ALARM.
import { ApiError } from '../api/client.js';
import { api } from '../api/resources.js';
import type {
  DatasetManifest,
  EndpointRecord,
  Execution,
  ModelVersion,
  PipelineNames,
  ReportRun,
} from '../api/types.js';
import { badge, emptyState, facts, link, Panel, stat, table } from '../ui/components.js';
import { type Child, h, replace } from '../ui/dom.js';
import { ago, count, dateTime, ms, percent } from '../ui/format.js';
import { route, type View, type ViewContext } from './view.js';

interface Stage {
  readonly name: string;
  readonly status: string;
  readonly label: string;
  readonly detail: Child;
  readonly href?: string;
  /** What to run when the stage has not happened yet. */
  readonly command?: string;
}

export function overviewView({ pipeline }: ViewContext): View {
  const stages = new Panel('Pipeline', { id: 'stages' });
  const model = new Panel('Deployed model', { id: 'model' });
  const traffic = new Panel('Endpoint health and traffic', { id: 'traffic' });
  const report = new Panel('Last monitoring report', { id: 'report' });
  const alarms = new Panel('Alarms in ALARM', { id: 'alarms' });
  const element = h(
    'div',
    { class: 'view overview' },
    h('h1', null, 'Overview'),
    stages.element,
    h('div', { class: 'grid grid-4' }, model.element, traffic.element, report.element, alarms.element),
  );

  return {
    element,
    dispose: () => {},
    async refresh() {
      const endpoint = await api
        .endpoints()
        .then((all) => all.find((e) => e.name === pipeline.endpoint))
        .catch(() => undefined);
      await Promise.all([
        stages.load(
          () => loadStages(pipeline),
          (list) => replace(stages.body, stageRow(list)),
        ),
        model.load(
          () => deployedModel(endpoint),
          (version) => replace(model.body, modelCard(version)),
        ),
        traffic.load(
          () => endpointTraffic(pipeline.endpoint),
          (data) => replace(traffic.body, trafficCard(pipeline.endpoint, data)),
        ),
        report.load(
          () => api.reports(pipeline.endpoint, 1).then((runs) => runs[0] ?? null),
          (run) => replace(report.body, reportCard(pipeline.endpoint, run)),
        ),
        alarms.load(
          () => api.alarms('ALARM'),
          (list) =>
            replace(
              alarms.body,
              list.length === 0
                ? h('p', { class: 'all-clear' }, badge('OK', 'none'), ' No alarm is in ALARM.')
                : table(
                    [
                      { title: 'Alarm', cell: (a) => link(route('alarms', [a.name]), a.name) },
                      { title: 'Since', cell: (a) => ago(a.stateUpdatedAt) },
                    ],
                    list,
                  ),
            ),
        ),
      ]);
    },
  };
}

async function loadStages(pipeline: PipelineNames): Promise<Stage[]> {
  const settled = await Promise.allSettled([
    datasetStage(pipeline),
    modelStage(),
    endpointStage(pipeline),
    workflowStage(pipeline),
    batchStage(pipeline),
    monitoringStage(pipeline),
  ]);
  const names = ['Dataset', 'Model', 'Endpoint', 'State machines', 'Test batch', 'Monitoring'];
  return settled.map((s, i) =>
    s.status === 'fulfilled'
      ? s.value
      : {
          name: names[i] as string,
          status: 'error',
          label: 'error',
          detail: String(s.reason?.message ?? s.reason),
        },
  );
}

async function datasetStage({ bucket }: PipelineNames): Promise<Stage> {
  const name = 'Dataset';
  const command = 'scones data prepare --source <archive>   (or scones up)';
  if (!(await api.buckets()).includes(bucket))
    return { name, status: 'missing', label: 'not prepared', detail: `no bucket ${bucket}`, command };
  const listed = await api.objects(bucket, 'dataset.json', 1);
  if (listed.objects.length === 0)
    return {
      name,
      status: 'missing',
      label: 'not prepared',
      detail: `no s3://${bucket}/dataset.json`,
      command,
    };
  const manifest = await api.storedJson<DatasetManifest>(`s3://${bucket}/dataset.json`);
  const split = (s: string) => manifest.splits[s]?.count ?? 0;
  return {
    name,
    status: 'ready',
    label: 'ready',
    detail: `${count(split('train'))} train, ${count(split('test'))} test images · ${manifest.classes.map((c) => c.name).join(', ')}`,
  };
}

async function modelStage(): Promise<Stage> {
  const newest = (await api.models()).find((m) => m.status !== 'rejected');
  if (!newest)
    return {
      name: 'Model',
      status: 'missing',
      label: 'not trained',
      detail: 'no model version',
      command: 'scones train',
    };
  return {
    name: 'Model',
    status: 'ready',
    label: `v${newest.version}`,
    detail: `test accuracy ${percent(newest.metrics.accuracy)} · ${ago(newest.createdAt)}`,
    href: route('models', [newest.version]),
  };
}

async function endpointStage({ endpoint }: PipelineNames): Promise<Stage> {
  const record = (await api.endpoints()).find((e) => e.name === endpoint);
  if (!record)
    return {
      name: 'Endpoint',
      status: 'missing',
      label: 'not deployed',
      detail: `no endpoint ${endpoint}`,
      command: `scones deploy --endpoint ${endpoint} --model latest --capture-percent 100`,
    };
  const versions = record.variants.map((v) => `v${v.modelVersion}`).join(', ');
  return {
    name: 'Endpoint',
    status: record.status,
    label: record.status,
    detail: `${record.name} serving ${versions} · capture ${record.capture.enabled ? `${record.capture.samplingPercent}%` : 'off'}`,
    href: route('endpoint', [record.name]),
  };
}

async function workflowStage({ imagePipeline, testBatch }: PipelineNames): Promise<Stage> {
  const names = new Set((await api.stateMachines()).map((m) => m.name));
  const present = [imagePipeline, testBatch].filter((n) => names.has(n));
  return present.length === 2
    ? {
        name: 'State machines',
        status: 'ready',
        label: 'created',
        detail: present.join(', '),
        href: route('workflows', [imagePipeline]),
      }
    : {
        name: 'State machines',
        status: 'missing',
        label: 'not created',
        detail: `${present.length} of 2`,
        command: 'scones up',
      };
}

async function batchStage({ imagePipeline, testBatch }: PipelineNames): Promise<Stage> {
  const machines = new Set((await api.stateMachines()).map((m) => m.name));
  const latest = machines.has(testBatch)
    ? (await api.executions(testBatch, { maxResults: 1 })).executions[0]
    : undefined;
  if (!latest)
    return {
      name: 'Test batch',
      status: 'missing',
      label: 'not run',
      detail: 'no test batch execution',
      command: 'scones up',
    };
  const [passed, failed] = await Promise.all(
    (['SUCCEEDED', 'FAILED'] as const).map((status) =>
      executionCount(imagePipeline, status, Date.parse(latest.startDate)),
    ),
  );
  return {
    name: 'Test batch',
    status: latest.status,
    label: latest.status,
    detail: `${passed} images kept, ${failed} filtered out or failed · ${ago(latest.startDate)}`,
    href: route('workflows', [testBatch, latest.name]),
  };
}

/** Executions of a machine with that status started since `since` (counted over at most 1000). */
async function executionCount(
  machine: string,
  status: 'SUCCEEDED' | 'FAILED',
  since: number,
): Promise<string> {
  const page = await api.executions(machine, { status, maxResults: 1000 });
  const recent = page.executions.filter((e: Execution) => Date.parse(e.startDate) >= since).length;
  return page.nextToken && recent === page.executions.length ? `${count(recent)}+` : count(recent);
}

async function monitoringStage({ endpoint }: PipelineNames): Promise<Stage> {
  let runs: readonly ReportRun[];
  try {
    runs = await api.reports(endpoint, 1);
  } catch (error) {
    if (error instanceof ApiError && error.notFound)
      return {
        name: 'Monitoring',
        status: 'missing',
        label: 'not available',
        detail: 'this server has no monitoring API',
      };
    throw error;
  }
  const last = runs[0];
  if (!last)
    return {
      name: 'Monitoring',
      status: 'missing',
      label: 'no report',
      detail: 'no monitoring report yet',
      command: `scones monitor baseline --endpoint ${endpoint} && scones monitor run --endpoint ${endpoint} --from -1h`,
    };
  const violations = last.violations ?? 0;
  return {
    name: 'Monitoring',
    status: last.status === 'completed' && violations > 0 ? 'ALARM' : last.status,
    label:
      last.status === 'completed' ? `${violations} violation${violations === 1 ? '' : 's'}` : last.status,
    detail: `window ${dateTime(last.from)} – ${dateTime(last.to)}`,
    href: route('monitoring', [endpoint]),
  };
}

function stageRow(stages: readonly Stage[]): HTMLElement {
  return h(
    'ol',
    { class: 'stages' },
    stages.map((s) =>
      h(
        'li',
        { class: 'stage', data: { stage: s.name, status: s.status } },
        h('div', { class: 'stage-head' }, s.href ? link(s.href, s.name) : h('span', null, s.name)),
        h('div', { class: 'stage-status' }, badge(s.status, s.label)),
        h('div', { class: 'stage-detail' }, s.detail),
        s.command ? h('code', { class: 'command' }, s.command) : null,
      ),
    ),
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
export async function thresholdOf(functionName = 'filterLowConfidence'): Promise<number> {
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
