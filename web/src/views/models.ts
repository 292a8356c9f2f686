// Models: every registered version with its test metrics, and one version's confusion matrix, per-class
// precision and recall, and training curves (from its report.json).
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../api/resources.js';
import type { ClassMetrics, CurvePoint, ModelDetail, ModelVersion } from '../api/types.js';
import { Chart, escapeHtml } from '../charts/chart.js';
import { badge, emptyState, facts, Panel, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { bytes, dateTime, number, percent, seconds } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import { Disposables, route, type View, type ViewContext } from './view.js';

export function modelsView({ params }: ViewContext): View {
  const disposables = new Disposables();
  const versions = new Panel('Model versions', { id: 'versions', class: 'wide' });
  const about = new Panel('Version', { id: 'version' });
  const confusion = new Panel('Confusion matrix (test split)', { id: 'confusion' });
  const perClass = new Panel('Precision and recall per class', { id: 'per-class' });
  const loss = new Panel('Training curves: loss', { id: 'loss' });
  const accuracy = new Panel('Training curves: accuracy', { id: 'accuracy' });
  const charts = {
    confusion: disposables.add(new Chart({ height: 280, label: 'confusion matrix' })),
    perClass: disposables.add(new Chart({ height: 280, label: 'precision and recall per class' })),
    loss: disposables.add(new Chart({ label: 'training and validation loss per epoch' })),
    accuracy: disposables.add(new Chart({ label: 'training and validation accuracy per epoch' })),
  };
  confusion.body.append(charts.confusion.element);
  perClass.body.append(charts.perClass.element);
  loss.body.append(charts.loss.element);
  accuracy.body.append(charts.accuracy.element);
  const detail = h(
    'div',
    null,
    h('div', { class: 'grid grid-3' }, about.element, confusion.element, perClass.element),
    h('div', { class: 'grid grid-2' }, loss.element, accuracy.element),
  );

  return {
    element: h('div', { class: 'view models' }, h('h1', null, 'Models'), versions.element, detail),
    dispose: () => disposables.dispose(),
    async refresh() {
      let list: readonly ModelVersion[] = [];
      const chosen = params[0] === undefined ? undefined : Number(params[0]);
      await versions.load(
        async () => (list = await api.models()),
        (all) =>
          morph(
            versions.body,
            all.length === 0
              ? emptyState('No model is registered yet.', 'scones train   (or scones up)')
              : versionTable(all, chosen ?? all[0]?.version),
          ),
      );
      const version = chosen ?? list[0]?.version;
      detail.hidden = version === undefined;
      if (version === undefined) return;
      await about.load(
        () => api.model(version),
        (model) => {
          about.element.querySelector('h2')?.replaceChildren(`Version ${model.version}`);
          morph(about.body, versionFacts(model));
          const m = model.report?.metrics ?? model.metrics;
          showOrEmpty(
            charts.confusion,
            confusion,
            m.confusionMatrix?.length
              ? confusionOption(
                  m.confusionMatrix,
                  (m.perClass ?? []).map((c) => c.class),
                )
              : undefined,
          );
          showOrEmpty(charts.perClass, perClass, m.perClass?.length ? perClassOption(m.perClass) : undefined);
          const curves = model.report?.curves ?? [];
          const selectedEpoch = model.report?.selectedEpoch;
          showOrEmpty(
            charts.loss,
            loss,
            curves.length ? curveOption(curves, 'loss', selectedEpoch) : undefined,
          );
          showOrEmpty(
            charts.accuracy,
            accuracy,
            curves.length ? curveOption(curves, 'accuracy', selectedEpoch) : undefined,
          );
        },
      );
    },
  };
}

function showOrEmpty(chart: Chart, panel: Panel, option: EChartsCoreOption | undefined): void {
  chart.element.hidden = option === undefined;
  morph(
    panel.body,
    chart.element,
    option ? null : emptyState('This version has no report with these numbers.'),
  );
  if (option) chart.set(option);
}

function versionTable(all: readonly ModelVersion[], selected: number | undefined): HTMLElement {
  return table(
    [
      { title: 'Version', cell: (v) => h('a', { href: route('models', [v.version]) }, `v${v.version}`) },
      { title: 'Status', cell: (v) => badge(v.status) },
      { title: 'Created', cell: (v) => dateTime(v.createdAt) },
      { title: 'Architecture', cell: (v) => v.arch },
      { title: 'Accuracy', cell: (v) => percent(v.metrics.accuracy) },
      { title: 'Log loss', cell: (v) => number(v.metrics.logLoss) },
      { title: 'ROC AUC', cell: (v) => number(v.metrics.rocAuc) },
      {
        title: `Kept at ≥ ${v0(all).metrics.threshold ?? 0.93}`,
        cell: (v) => percent(v.metrics.coverage_at_threshold),
      },
      { title: 'Accuracy of kept', cell: (v) => percent(v.metrics.selective_accuracy_at_threshold) },
    ],
    all,
    {
      selected: (v) => v.version === selected,
      onRow: (v) => (location.hash = route('models', [v.version])),
      key: (v) => String(v.version),
    },
  );
}

const v0 = (all: readonly ModelVersion[]) => all[0] as ModelVersion;

function versionFacts(model: ModelDetail): HTMLElement {
  const r = model.report;
  const hp = model.hyperparameters;
  return facts([
    ['Status', [badge(model.status), model.statusReason ? ` ${model.statusReason}` : '']],
    ['Run', h('span', { class: 'mono small' }, model.runId)],
    ['Test accuracy', percent(model.metrics.accuracy)],
    [
      'Calibration',
      `temperature ${number(model.temperature)} · ECE ${number(model.metrics.expectedCalibrationError)}`,
    ],
    [
      'Training',
      `${hp.epochs ?? '?'} epochs, batch ${hp.batchSize ?? '?'}, lr ${hp.learningRate ?? '?'}${r?.selectedEpoch ? ` · best epoch ${r.selectedEpoch}` : ''}`,
    ],
    ['Time', r?.timing?.trainingSeconds === undefined ? '–' : seconds(r.timing.trainingSeconds)],
    ['Artifacts', model.artifacts.map((a) => h('div', { class: 'small' }, `${a.role}: ${bytes(a.size)}`))],
  ]);
}

function confusionOption(
  matrix: readonly (readonly number[])[],
  classes: readonly string[],
): EChartsCoreOption {
  const names = matrix.map((_, i) => classes[i] ?? String(i));
  const data = matrix.flatMap((row, actual) => row.map((n, predicted) => [predicted, actual, n]));
  const max = Math.max(1, ...data.map((d) => d[2] as number));
  return {
    tooltip: {
      formatter: (item: { data: [number, number, number] }) =>
        `actual ${escapeHtml(names[item.data[1]])}, predicted ${escapeHtml(names[item.data[0]])}: ${item.data[2]}`,
    },
    grid: { left: 96, right: 24, top: 16, bottom: 56 },
    xAxis: {
      type: 'category',
      data: names,
      name: 'predicted',
      nameLocation: 'middle',
      nameGap: 32,
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: names,
      name: 'actual',
      nameLocation: 'middle',
      nameGap: 80,
      inverse: true,
      splitArea: { show: true },
    },
    visualMap: { min: 0, max, show: false, inRange: { color: ['#eff6ff', '#1d4ed8'] } },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: true, fontSize: 16, color: '#0f172a', textBorderColor: '#fff', textBorderWidth: 2 },
      },
    ],
  };
}

function perClassOption(classes: readonly ClassMetrics[]): EChartsCoreOption {
  const keys = ['precision', 'recall', 'f1'] as const;
  return {
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => percent(Number(v)) },
    xAxis: { type: 'category', data: classes.map((c) => c.class) },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: keys.map((key) => ({
      name: key === 'f1' ? 'F1' : key,
      type: 'bar',
      barMaxWidth: 36,
      label: {
        show: true,
        position: 'top',
        fontSize: 10,
        formatter: (p: { value: number }) => (p.value * 100).toFixed(1),
      },
      data: classes.map((c) => c[key]),
    })),
  };
}

function curveOption(
  curves: readonly CurvePoint[],
  kind: 'loss' | 'accuracy',
  selectedEpoch: number | undefined,
): EChartsCoreOption {
  const train = kind === 'loss' ? 'trainLoss' : 'trainAccuracy';
  const validation = kind === 'loss' ? 'validationLoss' : 'validationAccuracy';
  return {
    legend: { top: 0 },
    grid: { left: 56, right: 24, top: 48, bottom: 40 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (kind === 'loss' ? number(Number(v), 4) : percent(Number(v))),
    },
    xAxis: {
      type: 'value',
      name: 'epoch',
      nameLocation: 'middle',
      nameGap: 26,
      min: 1,
      max: curves.length,
      minInterval: 1,
    },
    yAxis: {
      type: 'value',
      scale: true,
      ...(kind === 'accuracy'
        ? { max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }
        : {}),
    },
    series: [
      {
        name: 'train',
        type: 'line',
        showSymbol: curves.length < 30,
        data: curves.map((c) => [c.epoch, c[train]]),
      },
      {
        name: 'validation',
        type: 'line',
        showSymbol: curves.length < 30,
        data: curves.map((c) => [c.epoch, c[validation]]),
        ...(selectedEpoch
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#64748b' },
                // Text on the side of the line with room for it (the kept epoch is often the last).
                label: {
                  formatter: `kept: epoch ${selectedEpoch}`,
                  position: 'end',
                  align: selectedEpoch > (1 + curves.length) / 2 ? 'right' : 'left',
                },
                data: [{ xAxis: selectedEpoch }],
              },
            }
          : {}),
      },
    ],
  };
}
