// Vitest reporter for `npm run test:security`: counts the hostile cases tried and refused cleanly, per category.
import type { Reporter, TestModule } from 'vitest/node';

export default class HostileReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tried = new Map<string, number>();
    const refused = new Map<string, number>();
    let fuzzed = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        if (test.result().state === 'passed') fuzzed += test.meta().fuzzInputs ?? 0;
        const category = test.meta().hostile;
        if (category === undefined) continue;
        tried.set(category, (tried.get(category) ?? 0) + 1);
        if (test.result().state === 'passed') refused.set(category, (refused.get(category) ?? 0) + 1);
      }
    }
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    const lines = [...tried.keys()]
      .sort()
      .map((c) => `  ${c.padEnd(32)} ${String(refused.get(c) ?? 0).padStart(4)} / ${tried.get(c)}`);
    process.stdout.write(
      [
        '',
        'hostile cases by category (refused cleanly / tried):',
        ...lines,
        `hostile cases tried: ${total(tried)}, refused cleanly: ${total(refused)}`,
        `fuzzed inputs handled without a crash: ${fuzzed}`,
        '',
      ].join('\n'),
    );
  }
}
