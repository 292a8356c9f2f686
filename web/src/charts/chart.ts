// ECharts, with only the charts and components the dashboard uses (a smaller bundle), drawn as SVG (crisp at any
// zoom, and each point is an element). A Chart sizes itself to its box and follows its resizes.
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { type EChartsCoreOption, type EChartsType, format, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { h, keepWhole } from '../ui/dom.js';

use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** Escapes text for ECharts' HTML tooltips: every name and value shown there goes through it. */
export const escapeHtml = (text: unknown): string => format.encodeHTML(String(text));

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

export const PALETTE = [
  '#2563eb',
  '#ea580c',
  '#16a34a',
  '#9333ea',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
];

const BASE: EChartsCoreOption = {
  animation: false,
  color: PALETTE,
  // ECharts measures text with this family: it must name real fonts (the page's), not `inherit`.
  textStyle: { fontFamily: FONT, fontSize: 12 },
  grid: { left: 56, right: 24, top: 36, bottom: 36, containLabel: false },
  tooltip: {
    confine: true,
    backgroundColor: '#fff',
    borderColor: '#cbd5e1',
    textStyle: { color: '#0f172a' },
  },
};

export class Chart {
  readonly element: HTMLElement;
  #instance: EChartsType | undefined;
  #observer: ResizeObserver | undefined;

  constructor(options: { height?: number; label: string }) {
    this.element = h('div', {
      class: 'chart',
      role: 'img',
      'aria-label': options.label,
      style: { height: `${options.height ?? 260}px` },
    });
    // Holds references to its own nodes: morph moves it whole, never rewrites it.
    keepWhole(this.element);
  }

  /** Replaces the chart's option (the element must be in the page). */
  set(option: EChartsCoreOption): void {
    if (!this.#instance) {
      this.#instance = init(this.element, undefined, { renderer: 'svg' });
      this.#observer = new ResizeObserver(() => this.#instance?.resize());
      this.#observer.observe(this.element);
    }
    const legend = option.legend ? { legend: { itemGap: 18, ...(option.legend as object) } } : {};
    this.#instance.setOption({ ...BASE, ...option, ...legend }, { notMerge: true });
  }

  dispose(): void {
    this.#observer?.disconnect();
    this.#instance?.dispose();
    this.#instance = undefined;
  }
}

/** Time axis with local-time labels. */
export const timeAxis = (extra: EChartsCoreOption = {}): EChartsCoreOption => ({
  type: 'time',
  axisLabel: { hideOverlap: true },
  splitLine: { show: false },
  ...extra,
});
