// One execution: its graph coloured by each state's outcome, the chosen state's input, output and error, the
// execution's input and output, and its event history.
import { api } from '../api/resources.js';
import type { Execution, HistoryEvent, StateMachine } from '../api/types.js';
import { badge, facts, link, Panel, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { dateTime, ms } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import { payloadView } from './payload.js';
import { detailsOf, type StateRun, stateOfEvents, stateRuns } from './state-outcomes.js';
import { route, type View } from './view.js';
import { OUTCOMES, workflowGraph } from './workflow-graph.js';

/** Events read at most (pages of 1000). */
const MAX_EVENTS = 20_000;

interface Loaded {
  readonly execution: Execution;
  readonly machine: StateMachine;
  readonly events: readonly HistoryEvent[];
}

export function executionView(machineName: string, executionName: string): View {
  const summary = new Panel('Execution', { id: 'execution', class: 'wide' });
  const graph = new Panel('Graph', { id: 'graph' });
  const state = new Panel('State', { id: 'state' });
  const io = new Panel('Execution input and output', { id: 'io', class: 'wide' });
  const events = new Panel('Event history', { id: 'history', class: 'wide' });
  let loaded: Loaded | undefined;
  let runs = new Map<string, StateRun>();
  let selected: string | undefined;

  const select = (name: string) => {
    selected = name;
    if (loaded) {
      drawGraph(loaded);
      showState(loaded);
    }
  };
  const drawGraph = (data: Loaded) =>
    morph(
      graph.body,
      h(
        'div',
        { class: 'graph-wrap' },
        workflowGraph(data.machine.definition, { runs, selected, onSelect: select }),
      ),
      legend(),
    );
  const showState = (data: Loaded) => {
    const run = selected ? runs.get(selected) : undefined;
    state.element.querySelector('h2')?.replaceChildren(selected ? `State ${selected}` : 'State');
    morph(
      state.body,
      selected
        ? stateDetails(selected, run, data)
        : h('p', { class: 'muted' }, 'Choose a state in the graph.'),
    );
  };

  return {
    element: h(
      'div',
      { class: 'view execution' },
      h(
        'div',
        { class: 'crumbs' },
        link(route('workflows'), 'Workflows'),
        ' / ',
        link(route('workflows', [machineName]), machineName),
        ' / ',
        executionName,
      ),
      h(
        'div',
        { class: 'grid grid-2' },
        summary.element,
        graph.element,
        state.element,
        io.element,
        events.element,
      ),
    ),
    dispose: () => {},
    async refresh() {
      await summary.load(
        () => load(machineName, executionName),
        (data) => {
          loaded = data;
          runs = stateRuns(data.events, data.execution.status !== 'RUNNING');
          selected ??= defaultState(runs, data);
          morph(summary.body, executionSummary(data.execution));
          drawGraph(data);
          showState(data);
          morph(
            io.body,
            h(
              'div',
              { class: 'grid grid-2 tight' },
              payloadView('Input', data.execution.input),
              payloadView('Output', data.execution.output),
            ),
          );
          morph(events.body, historyTable(data.events));
          events.note(`${data.events.length} events`);
        },
      );
      // Until the execution has loaded (it may not exist), the error in its panel is all there is to show.
      for (const panel of [graph, state, io, events]) panel.element.hidden = !loaded;
    },
  };
}

async function load(machine: string, name: string): Promise<Loaded> {
  const [execution, definition, events] = await Promise.all([
    api.execution(machine, name),
    api.stateMachine(machine),
    api.history(machine, name, MAX_EVENTS),
  ]);
  return { execution, machine: definition, events };
}

/** The failed state, else the last state entered. */
function defaultState(runs: ReadonlyMap<string, StateRun>, data: Loaded): string | undefined {
  const all = [...runs.values()];
  return (all.find((r) => r.outcome === 'failed') ?? all.at(-1))?.name ?? data.machine.definition.StartAt;
}

function executionSummary(e: Execution): HTMLElement {
  return h(
    'div',
    null,
    facts([
      ['Name', h('span', { class: 'mono' }, e.name)],
      ['Status', badge(e.status)],
      [
        'State machine',
        link(
          route('workflows', [e.stateMachineArn.split(':').at(-1) ?? '']),
          e.stateMachineArn.split(':').at(-1) ?? '',
        ),
      ],
      ['Started', dateTime(e.startDate)],
      ['Duration', e.stopDate ? ms(Date.parse(e.stopDate) - Date.parse(e.startDate)) : 'running'],
    ]),
    e.error || e.cause ? errorDetails(e.error, e.cause) : null,
  );
}

function errorDetails(error: string | undefined, cause: string | undefined): HTMLElement {
  return h(
    'div',
    { class: 'failure', role: 'status' },
    h('div', null, h('strong', null, 'Error '), h('code', { class: 'error-name' }, error ?? '(none)')),
    cause ? h('div', { class: 'cause' }, h('strong', null, 'Cause '), causeText(cause)) : null,
  );
}

/** Lambda errors carry `{errorType, errorMessage, trace}` as their cause: the message is what a person reads. */
function causeText(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Plain text cause.
  }
  return cause;
}

function legend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    Object.entries(OUTCOMES).map(([outcome, label]) =>
      h('li', null, h('span', { class: `swatch outcome-${outcome}` }), label),
    ),
  );
}

function stateDetails(name: string, run: StateRun | undefined, data: Loaded): HTMLElement {
  const definition = data.machine.definition.States[name];
  const again = (run?.entered ?? 0) > 1;
  return h(
    'div',
    null,
    facts([
      ['Type', definition?.Type ?? 'inner state'],
      [
        'Status',
        h(
          'span',
          { class: `outcome-text outcome-${run?.outcome ?? 'not-run'}` },
          OUTCOMES[run?.outcome ?? 'not-run'],
        ),
      ],
      ['Entered', run?.entered ? `${run.entered}× · last ${dateTime(run.enteredAt)}` : 'never'],
      ...(run && run.entered > 1
        ? [['Outcomes', `${run.succeeded} succeeded, ${run.caught} caught, ${run.failed} failed`] as const]
        : []),
      ...(definition?.Resource
        ? [['Resource', h('span', { class: 'mono small' }, definition.Resource)] as const]
        : []),
    ]),
    run?.error || run?.cause ? errorDetails(run.error, run.cause) : null,
    // A state entered many times (Map iterations run side by side): its last input and last output may not be
    // the same entry's, so say which they are.
    payloadView(again ? 'Input of the last entry' : 'Input', run?.input),
    payloadView(again ? 'Output of the last exit' : 'Output', run?.output),
  );
}

function historyTable(events: readonly HistoryEvent[]): HTMLElement {
  const start = Date.parse(events[0]?.timestamp ?? '');
  const stateOf = stateOfEvents(events);
  return table(
    [
      { title: 'ID', cell: (e) => e.id },
      {
        title: 'Type',
        cell: (e) =>
          h(
            'span',
            { class: e.type.endsWith('Failed') || e.type.endsWith('TimedOut') ? 'bad-text' : undefined },
            e.type,
          ),
      },
      { title: 'Step', cell: (e) => stateOf.get(e.id) ?? '' },
      { title: 'Elapsed', class: 'nowrap', cell: (e) => ms(Date.parse(e.timestamp) - start) },
      { title: 'Time', class: 'nowrap', cell: (e) => dateTime(e.timestamp) },
      {
        title: 'Details',
        cell: (e) => {
          const details = detailsOf(e);
          return Object.keys(details).length
            ? h('details', null, h('summary', null, summaryOf(details)), payloadView('', details))
            : '';
        },
      },
    ],
    events,
    { class: 'history', key: (e) => String(e.id) },
  );
}

function summaryOf(details: { error?: string; name?: string }): string {
  return details.error ?? details.name ?? 'show';
}
