// The pipeline's stages as the overview shows them: what each stage of `scones up` left behind (dataset, model,
// endpoint, state machines, test batch, monitoring report), its status, and what to run when it is missing.
import { ApiError } from '../api/client.js';
import { api } from '../api/resources.js';
import type { DatasetManifest, Execution, PipelineNames, ReportRun } from '../api/types.js';
import { badge, link } from '../ui/components.js';
import { type Child, h } from '../ui/dom.js';
import { ago, count, dateTime, percent } from '../ui/format.js';
import { route } from './view.js';

export interface Stage {
  readonly name: string;
  readonly status: string;
  readonly label: string;
  readonly detail: Child;
  readonly href?: string;
  /** What to run when the stage has not happened yet. */
  readonly command?: string;
}

export async function loadStages(pipeline: PipelineNames): Promise<Stage[]> {
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
  const split = (s: 'train' | 'test') => manifest.splits[s].count;
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
      executionCount(imagePipeline, status, {
        from: Date.parse(latest.startDate),
        to: latest.stopDate ? Date.parse(latest.stopDate) : Number.POSITIVE_INFINITY,
      }),
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
  during: { readonly from: number; readonly to: number },
): Promise<string> {
  const page = await api.executions(machine, { status, maxResults: 1000 });
  // Only the batch's own children: executions started while it ran (later single runs are not part of it).
  const recent = page.executions.filter((e: Execution) => {
    const started = Date.parse(e.startDate);
    return started >= during.from && started <= during.to;
  }).length;
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

export function stageRow(stages: readonly Stage[]): HTMLElement {
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
