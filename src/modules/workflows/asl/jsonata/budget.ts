// The inline budget: how much JSONata the calling thread evaluates before it hands the expression elsewhere.
import type jsonata from 'jsonata';

/** Where the budget of one evaluation is bound: not a JSONata name, so no expression can read or change it. */
export const BUDGET_BINDING = '#budget';

/** AST node evaluations an expression may make inline (a few ms); a `$reduce` over millions makes millions. */
export const INLINE_STEPS = 10_000;
/** Items of an array (or characters of a string) an intermediate value may have inline. */
export const INLINE_ITEMS = 100_000;
export const INLINE_CHARS = 1_000_000;

/** Thrown inside an evaluation that went over its budget; it carries no JSONata code, so nothing rewrites it. */
export class OverBudget {
  constructor(readonly reason: string) {}
}

/** The budget of one inline evaluation. Deterministic (counts, not time): the same expression always overflows. */
export class InlineBudget {
  private steps = INLINE_STEPS;

  enter(node: AstNode): void {
    this.steps -= 1;
    if (this.steps < 0) throw new OverBudget('steps');
    if (node.type === 'binary' && node.value === '..' && !smallRange(node)) throw new OverBudget('range');
  }

  exit(result: unknown): void {
    if (Array.isArray(result) && result.length > INLINE_ITEMS) throw new OverBudget('items');
    if (typeof result === 'string' && result.length > INLINE_CHARS) throw new OverBudget('chars');
  }
}

interface AstNode {
  readonly type: string;
  readonly value?: unknown;
  readonly lhs?: AstNode;
  readonly rhs?: AstNode;
}

interface Frame {
  readonly base: { lookup(name: string): unknown };
}

/** A range is built in one native call: only literal ranges known to be small are built inline. */
function smallRange(node: AstNode): boolean {
  const from = node.lhs?.type === 'number' ? Number(node.lhs.value) : Number.NaN;
  const to = node.rhs?.type === 'number' ? Number(node.rhs.value) : Number.NaN;
  return to - from <= INLINE_ITEMS;
}

function budgetOf(environment: Frame): InlineBudget | undefined {
  const budget = environment.base.lookup(BUDGET_BINDING);
  return budget instanceof InlineBudget ? budget : undefined;
}

/** Hooks jsonata's per-node callbacks; they find the evaluation's own budget (if any) in its bindings. */
export function installBudget(expression: jsonata.Expression): void {
  // jsonata looks its hooks up under these symbols; its typings only name string bindings.
  const assign = expression.assign as unknown as (name: symbol, value: unknown) => void;
  assign(Symbol.for('jsonata.__evaluate_entry'), (node: AstNode, _input: unknown, environment: Frame) =>
    budgetOf(environment)?.enter(node),
  );
  assign(
    Symbol.for('jsonata.__evaluate_exit'),
    (_node: AstNode, _input: unknown, environment: Frame, result: unknown) =>
      budgetOf(environment)?.exit(result),
  );
}
