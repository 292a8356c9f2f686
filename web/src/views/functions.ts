// Functions: each function's configuration, invocations, errors and duration over time, and its log viewer.
import { api } from '../api/resources.js';
import type { FunctionSummary } from '../api/types.js';
import { Chart } from '../charts/chart.js';
import { lineOption, metricLines } from '../charts/metrics.js';
import { lastHours, rangePicker } from '../charts/range-picker.js';
import { emptyState, facts, link, Panel, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { bytes, dateTime } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import { LogViewer } from './log-viewer.js';
import { Disposables, route, type View, type ViewContext } from './view.js';

export function functionsView({ params, query, pipeline }: ViewContext): View {
  const disposables = new Disposables();
  const list = new Panel('Functions', { id: 'functions', class: 'wide' });
  const about = new Panel('Configuration', { id: 'function' });
  const invocationsChart = disposables.add(new Chart({ label: 'invocations and errors' }));
  const durationChart = disposables.add(new Chart({ label: 'duration p50 and p99' }));
  let hours = Number(query.get('hours') ?? 1);
  let name = params[0];
  const picker = rangePicker(hours, (value) => {
    hours = value;
    invocations.invalidate();
    duration.invalidate();
    void loadCharts();
  });
  const invocations = new Panel('Invocations and errors', { id: 'invocations', actions: picker });
  const duration = new Panel('Duration', { id: 'duration' });
  const logs = new Panel('Log', { id: 'logs', class: 'wide' });
  invocations.body.append(invocationsChart.element);
  duration.body.append(durationChart.element);
  let viewer: LogViewer | undefined;
  const detail = h(
    'div',
    { class: 'grid grid-3' },
    about.element,
    invocations.element,
    duration.element,
    logs.element,
  );

  const loadCharts = async () => {
    if (!name) return;
    const range = lastHours(hours);
    const metric = (metricName: string) => ({
      namespace: 'Scones/Functions',
      name: metricName,
      dimensions: { FunctionName: name as string },
    });
    await Promise.all([
      invocations.load(
        async () => [
          ...(await metricLines(metric('Invocations'), ['Sum'], range, () => 'invocations')),
          ...(await metricLines(metric('Errors'), ['Sum'], range, () => 'errors')),
        ],
        (lines) => {
          const none = lines.every((l) => l.points.length === 0);
          invocations.note(none ? 'none in this range' : '');
          invocationsChart.set(lineOption(lines, { bars: true, range }));
        },
      ),
      duration.load(
        () => metricLines(metric('Duration'), ['p50', 'p99'], range),
        (lines) => durationChart.set(lineOption(lines, { unit: ' ms', range })),
      ),
    ]);
  };

  return {
    element: h('div', { class: 'view functions' }, h('h1', null, 'Functions'), list.element, detail),
    dispose: () => {
      disposables.dispose();
      viewer?.dispose();
    },
    async refresh() {
      let functions: readonly FunctionSummary[] = [];
      await list.load(
        async () => (functions = await api.functions()),
        (all) =>
          morph(
            list.body,
            all.length === 0
              ? emptyState(
                  'No function yet.',
                  'scones functions deploy <name> --code <folder> --runtime nodejs --handler index.handler',
                )
              : functionTable(all, name ?? pipeline.filterFunction),
          ),
      );
      name ??= functions.some((f) => f.name === pipeline.filterFunction)
        ? pipeline.filterFunction
        : functions[0]?.name;
      const fn = functions.find((f) => f.name === name);
      detail.hidden = !fn;
      if (!fn) return;
      about.element.querySelector('h2')?.replaceChildren(`Configuration of ${fn.name}`);
      await about.load(
        async () => fn,
        (f) => morph(about.body, configuration(f)),
      );
      if (!viewer) {
        viewer = new LogViewer(fn.name, query.get('requestId') ?? '');
        logs.element.querySelector('h2')?.replaceChildren(`Log of ${fn.name}`);
        morph(logs.body, viewer.element);
        await viewer.reload();
      }
      await loadCharts();
    },
  };
}

function functionTable(all: readonly FunctionSummary[], selected: string): HTMLElement {
  return table(
    [
      { title: 'Name', cell: (f) => link(route('functions', [f.name]), f.name) },
      { title: 'Runtime', cell: (f) => f.runtime },
      { title: 'Handler', class: 'mono small', cell: (f) => f.handler },
      { title: 'Version', cell: (f) => `${f.latestVersion}` },
      { title: 'Memory', cell: (f) => `${f.memoryMb} MB` },
      { title: 'Timeout', cell: (f) => `${f.timeoutSeconds} s` },
      { title: 'Modified', cell: (f) => dateTime(f.lastModified) },
    ],
    all,
    {
      selected: (f) => f.name === selected,
      onRow: (f) => (location.hash = route('functions', [f.name])),
      key: (f) => f.name,
    },
  );
}

function configuration(f: FunctionSummary): HTMLElement {
  const env = Object.entries(f.environment);
  return facts([
    ['Description', f.description || '–'],
    ['Runtime', f.runtime],
    ['Handler', h('span', { class: 'mono' }, f.handler)],
    ['Code', `${bytes(f.codeSize)}${f.builtin ? ' · built in' : ''}`],
    ['Environment', env.length ? env.map(([k, v]) => h('div', { class: 'mono small' }, `${k}=${v}`)) : '–'],
  ]);
}
