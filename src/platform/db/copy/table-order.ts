// Tables in an order that inserts never break a foreign key: every table after the tables it references.
export interface Referencing {
  readonly name: string;
  readonly references: readonly string[];
}

/** Depth-first topological sort; ties keep the given (name) order, so the order is stable run to run. */
export function orderByForeignKeys<T extends Referencing>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const ordered: T[] = [];
  const visit = (table: T, path: ReadonlySet<string>) => {
    if (placed.has(table.name) || path.has(table.name)) return;
    const inner = new Set(path).add(table.name);
    for (const parent of table.references) {
      const referenced = byName.get(parent);
      if (referenced) visit(referenced, inner);
    }
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}
