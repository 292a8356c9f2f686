// Workflows: state machines, their executions with status filters and search, and one execution in detail.
import { api } from '../api/resources.js';
import type { Execution, ExecutionStatus, StateMachineSummary } from '../api/types.js';
import { badge, emptyState, link, Panel, table } from '../ui/components.js';
import { h } from '../ui/dom.js';
import { ago, dateTime, ms } from '../ui/format.js';
import { morph } from '../ui/morph.js';
import { executionView } from './execution.js';
import { route, type View, type ViewContext } from './view.js';

const STATUSES: readonly (ExecutionStatus | '')[] = [
  '',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
];
const PAGE = 200;

export function workflowsView(context: ViewContext): View {
  const [machine, execution] = context.params;
  if (machine && execution) return executionView(machine, execution);
  return executionList(context, machine);
}

function executionList({ pipeline, query }: ViewContext, chosen: string | undefined): View {
  const machines = new Panel('State machines', { id: 'machines' });
  const executions = new Panel('Executions', { id: 'executions', class: 'wide' });
  const status = (query.get('status') ?? '') as ExecutionStatus | '';
  let search = query.get('q') ?? '';
  let shown: readonly Execution[] = [];
  let selected: string | undefined;
  const searchBox = h('input', {
    type: 'search',
    placeholder: 'Search by name',
    value: search,
    'aria-label': 'search executions',
    on: {
      input: () => {
        search = searchBox.value;
        history.replaceState(null, '', route('workflows', selected ? [selected] : [], { status, q: search }));
        renderRows();
      },
    },
  });
  const filters = h(
    'div',
    { class: 'filters', role: 'group', 'aria-label': 'status filter' },
    STATUSES.map((s) =>
      h(
        'a',
        {
          class: `chip${s === status ? ' active' : ''}`,
          href: route('workflows', selected ? [selected] : chosen ? [chosen] : [], { status: s, q: search }),
          data: { status: s || 'ALL' },
        },
        s ? s.replace('_', ' ').toLowerCase() : 'all',
      ),
    ),
  );
  const rows = h('div');
  executions.body.append(h('div', { class: 'toolbar' }, filters, searchBox), rows);
  let nextToken: string | undefined;

  const renderRows = () => {
    const needle = search.trim().toLowerCase();
    const matching = needle ? shown.filter((e) => e.name.toLowerCase().includes(needle)) : shown;
    executions.note(`${matching.length}${nextToken ? '+' : ''} shown`);
    if (!selected) return morph(rows, emptyState('No state machine yet.', 'scones up'));
    morph(
      rows,
      matching.length === 0
        ? emptyState(
            shown.length === 0
              ? `No ${status ? `${status.toLowerCase()} ` : ''}execution of ${selected} yet.`
              : 'No execution matches the search.',
            shown.length === 0
              ? `scones workflow start ${selected} --input '{}'   (scones up runs the pipeline)`
              : undefined,
          )
        : table(
            [
              {
                title: 'Name',
                class: 'mono',
                cell: (e) =>
                  link(route('workflows', [e.stateMachineArn.split(':').at(-1) ?? '', e.name]), e.name),
              },
              { title: 'Status', cell: (e) => badge(e.status) },
              {
                title: 'Started',
                cell: (e) => h('span', { title: dateTime(e.startDate) }, ago(e.startDate)),
              },
              {
                title: 'Duration',
                cell: (e) => (e.stopDate ? ms(Date.parse(e.stopDate) - Date.parse(e.startDate)) : '–'),
              },
            ],
            matching,
            { class: 'executions', key: (e) => e.executionArn },
          ),
    );
  };

  return {
    element: h(
      'div',
      { class: 'view workflows' },
      h('h1', null, 'Workflows'),
      h('div', { class: 'grid grid-side' }, machines.element, executions.element),
    ),
    dispose: () => {},
    async refresh() {
      let list: readonly StateMachineSummary[] = [];
      await machines.load(
        async () => (list = await api.stateMachines()),
        (all) => {
          selected =
            chosen ??
            (all.some((m) => m.name === pipeline.imagePipeline) ? pipeline.imagePipeline : all[0]?.name);
          morph(
            machines.body,
            all.length === 0
              ? emptyState(
                  'No state machine yet.',
                  'scones up   (or scones workflow create <name> --definition <file.json>)',
                )
              : h(
                  'ul',
                  { class: 'machine-list' },
                  all.map((m) =>
                    h(
                      'li',
                      { class: m.name === selected ? 'selected' : undefined },
                      link(route('workflows', [m.name], { status, q: search }), m.name),
                      h('span', { class: 'muted small' }, ` ${m.type.toLowerCase()}`),
                    ),
                  ),
                ),
          );
        },
      );
      selected ??=
        chosen ??
        (list.some((m) => m.name === pipeline.imagePipeline) ? pipeline.imagePipeline : list[0]?.name);
      executions.element
        .querySelector('h2')
        ?.replaceChildren(`Executions${selected ? ` of ${selected}` : ''}`);
      if (!selected) return renderRows();
      const machine = selected;
      await executions.load(
        () => api.executions(machine, { maxResults: PAGE, ...(status ? { status } : {}) }),
        (page) => {
          shown = page.executions;
          nextToken = page.nextToken;
          renderRows();
        },
      );
    },
  };
}
