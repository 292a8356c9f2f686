// Draws a state machine definition as the Step Functions console does: states top to bottom from Start to End,
// each coloured by its outcome in an execution; Map and Parallel states hold their inner graphs.
import type { AslDefinition, AslState } from '../api/types.js';
import { svg } from '../ui/dom.js';
import type { Outcome, StateRun } from './state-outcomes.js';

interface Box {
  readonly name: string;
  readonly state: AslState | undefined;
  readonly width: number;
  readonly height: number;
  readonly inner: readonly Layout[];
  x: number;
  y: number;
}

interface Layout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly Box[];
  readonly edges: readonly (readonly [Box, Box])[];
}

const GAP_X = 28;
const GAP_Y = 40;
const HEADER = 30;
const PAD = 14;
const START = '\u0000start';
const END = '\u0000end';

function targets(state: AslState): string[] {
  return [
    state.Next,
    state.Default,
    ...(state.Choices ?? []).map((c) => c.Next),
    ...(state.Catch ?? []).map((c) => c.Next),
  ]
    .filter((t): t is string => typeof t === 'string')
    .filter((t, i, all) => all.indexOf(t) === i);
}

function isTerminal(state: AslState): boolean {
  return state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
}

function innerMachines(state: AslState): AslDefinition[] {
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor ?? state.Iterator;
    return processor ? [processor] : [];
  }
  return state.Type === 'Parallel' ? [...(state.Branches ?? [])] : [];
}

function box(name: string, state: AslState | undefined): Box {
  const label = name.startsWith('\u0000') ? 6 : name.length;
  const inner = state ? innerMachines(state).map((m) => layout(m, false)) : [];
  const innerWidth = inner.reduce((sum, l) => sum + l.width, 0) + Math.max(0, inner.length - 1) * GAP_X;
  const innerHeight = Math.max(0, ...inner.map((l) => l.height));
  const width = Math.max(
    name.startsWith('\u0000') ? 80 : 170,
    label * 7.5 + 36,
    inner.length ? innerWidth + 2 * PAD : 0,
  );
  const height = inner.length ? HEADER + innerHeight + PAD : name.startsWith('\u0000') ? 30 : 44;
  return { name, state, width, height, inner, x: 0, y: 0 };
}

/** Layers by breadth-first distance from StartAt; back edges are drawn around the right side. */
function layout(definition: AslDefinition, withEnds: boolean): Layout {
  const states = definition.States;
  const layerOf = new Map<string, number>();
  const order: string[] = [];
  const queue: string[] = [definition.StartAt];
  layerOf.set(definition.StartAt, withEnds ? 1 : 0);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    order.push(name);
    const state = states[name];
    if (!state) continue;
    for (const next of targets(state))
      if (!layerOf.has(next) && states[next]) {
        layerOf.set(next, (layerOf.get(name) as number) + 1);
        queue.push(next);
      }
  }
  let deepest = Math.max(0, ...layerOf.values());
  for (const name of Object.keys(states))
    if (!layerOf.has(name)) {
      layerOf.set(name, ++deepest);
      order.push(name);
    }
  const boxes = new Map(order.map((name) => [name, box(name, states[name])]));
  if (withEnds) {
    boxes.set(START, box(START, undefined));
    boxes.set(END, box(END, undefined));
    layerOf.set(START, 0);
    layerOf.set(END, deepest + 1);
  }
  const edges: [Box, Box][] = [];
  const at = (name: string) => boxes.get(name) as Box;
  if (withEnds && boxes.has(definition.StartAt)) edges.push([at(START), at(definition.StartAt)]);
  for (const name of order) {
    const state = states[name];
    if (!state) continue;
    for (const next of targets(state)) if (boxes.has(next)) edges.push([at(name), at(next)]);
    if (withEnds && isTerminal(state)) edges.push([at(name), at(END)]);
  }
  return place([...boxes.values()], layerOf, edges);
}

function place(boxes: Box[], layerOf: Map<string, number>, edges: [Box, Box][]): Layout {
  const layers: Box[][] = [];
  for (const b of boxes) {
    const index = layerOf.get(b.name) as number;
    layers[index] = [...(layers[index] ?? []), b];
  }
  const rows = layers.filter((l) => l !== undefined);
  const rowWidth = (row: Box[]) => row.reduce((sum, b) => sum + b.width, 0) + (row.length - 1) * GAP_X;
  const backEdges = edges.some(
    ([a, b]) => (layerOf.get(b.name) as number) <= (layerOf.get(a.name) as number),
  );
  const width = Math.max(...rows.map(rowWidth)) + (backEdges ? 40 : 0);
  let y = 0;
  for (const row of rows) {
    let x = (width - (backEdges ? 40 : 0) - rowWidth(row)) / 2;
    const height = Math.max(...row.map((b) => b.height));
    for (const b of row) {
      b.x = x;
      b.y = y + (height - b.height) / 2;
      x += b.width + GAP_X;
    }
    y += height + GAP_Y;
  }
  return { width, height: y - GAP_Y, boxes, edges };
}

const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  caught: 'Caught error',
  running: 'In progress',
  aborted: 'Cancelled',
  'not-run': 'Not run',
};

export interface GraphOptions {
  readonly runs: ReadonlyMap<string, StateRun>;
  readonly selected: string | undefined;
  readonly onSelect: (name: string) => void;
}

export function workflowGraph(definition: AslDefinition, options: GraphOptions): SVGSVGElement {
  const graph = layout(definition, true);
  const margin = 12;
  const root = svg('svg', {
    class: 'workflow-graph',
    viewBox: `${-margin} ${-margin} ${graph.width + 2 * margin} ${graph.height + 2 * margin}`,
    width: graph.width + 2 * margin,
    role: 'img',
    'aria-label': 'state machine graph',
  });
  root.append(
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }),
      ),
    ),
  );
  draw(root, graph, 0, 0, options);
  return root;
}

function draw(parent: SVGElement, graph: Layout, dx: number, dy: number, options: GraphOptions): void {
  for (const [from, to] of graph.edges)
    parent.append(
      svg('path', { class: 'edge', d: edgePath(from, to, dx, dy, graph.width), 'marker-end': 'url(#arrow)' }),
    );
  for (const b of graph.boxes) parent.append(drawBox(b, dx, dy, options));
}

function edgePath(from: Box, to: Box, dx: number, dy: number, width: number): string {
  const x1 = dx + from.x + from.width / 2;
  const y1 = dy + from.y + from.height;
  const x2 = dx + to.x + to.width / 2;
  const y2 = dy + to.y;
  if (y2 > y1) {
    const mid = (y1 + y2) / 2;
    return `M ${x1} ${y1} C ${x1} ${mid}, ${x2} ${mid}, ${x2} ${y2}`;
  }
  const side = dx + width - 12;
  const a = dy + from.y + from.height / 2;
  const b = dy + to.y + to.height / 2;
  return `M ${dx + from.x + from.width} ${a} C ${side} ${a}, ${side} ${b}, ${dx + to.x + to.width} ${b}`;
}

function drawBox(b: Box, dx: number, dy: number, options: GraphOptions): SVGElement {
  const x = dx + b.x;
  const y = dy + b.y;
  if (b.name === START || b.name === END) {
    return svg(
      'g',
      { class: 'terminal' },
      svg('rect', { x, y, width: b.width, height: b.height, rx: 15 }),
      svg(
        'text',
        { x: x + b.width / 2, y: y + 19, 'text-anchor': 'middle' },
        b.name === START ? 'Start' : 'End',
      ),
    );
  }
  const run = options.runs.get(b.name);
  const outcome: Outcome = run?.outcome ?? 'not-run';
  const group = svg('g', {
    class: `state outcome-${outcome}${options.selected === b.name ? ' selected' : ''}${b.inner.length ? ' container' : ''}`,
    'data-state': b.name,
    'data-outcome': outcome,
    tabindex: 0,
  });
  group.addEventListener('click', (event) => {
    event.stopPropagation();
    options.onSelect(b.name);
  });
  group.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') options.onSelect(b.name);
  });
  const type = b.state?.Type ?? '';
  const counts =
    run && run.entered > 1 ? ` · ${run.succeeded + run.caught}✓ ${run.failed}✗ of ${run.entered}` : '';
  group.append(
    svg('title', {}, `${b.name} (${type}): ${OUTCOME_LABELS[outcome]}${counts}`),
    svg('rect', { x, y, width: b.width, height: b.height, rx: 6 }),
    svg(
      'text',
      { x: x + b.width / 2, y: y + (b.inner.length ? 19 : 20), 'text-anchor': 'middle', class: 'state-name' },
      b.inner.length ? `${b.name} · ${type}${counts}` : b.name,
    ),
  );
  if (!b.inner.length)
    group.append(
      svg(
        'text',
        { x: x + b.width / 2, y: y + 35, 'text-anchor': 'middle', class: 'state-type' },
        `${type}${counts}`,
      ),
    );
  let offset = x + (b.width - (b.inner.reduce((s, l) => s + l.width, 0) + (b.inner.length - 1) * GAP_X)) / 2;
  for (const inner of b.inner) {
    draw(group, inner, offset, y + HEADER, options);
    offset += inner.width + GAP_X;
  }
  return group;
}

export const OUTCOMES = OUTCOME_LABELS;
