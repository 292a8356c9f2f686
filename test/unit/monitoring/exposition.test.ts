// The Prometheus side without a server: the strict test parser rejects what Prometheus rejects, and the
// shipped Grafana dashboard and alert rules only use metric families Scones exposes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_FAMILY, knownFamilies } from '../../../src/modules/monitoring/metrics/prometheus-families.js';
import { parsePrometheusText } from '../../support/prometheus-text.js';

const DEPLOY = path.resolve(import.meta.dirname, '../../../deploy');

describe('Prometheus exposition', () => {
  it('parses valid text and rejects malformed text', () => {
    const valid = [
      '# HELP x_total Things.',
      '# TYPE x_total counter',
      'x_total{a="q\\"uote\\\\d",b="2"} 3',
      '# TYPE h histogram',
      'h_bucket{le="1"} 1',
      'h_bucket{le="+Inf"} 2',
      'h_sum 3.5',
      'h_count 2',
      '',
    ].join('\n');
    expect(parsePrometheusText(valid).get('x_total')?.samples[0]?.labels).toEqual({ a: 'q"uote\\d', b: '2' });
    const bad = {
      'no trailing newline': '# TYPE a gauge\na 1',
      'sample before TYPE': 'a 1\n',
      'bad label name': '# TYPE a gauge\na{1x="y"} 1\n',
      'unquoted label': '# TYPE a gauge\na{x=y} 1\n',
      'bad value': '# TYPE a gauge\na 1,5\n',
      duplicate: '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n',
      'decreasing buckets':
        '# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n',
      'no +Inf bucket': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    };
    for (const [why, text] of Object.entries(bad)) expect(() => parsePrometheusText(text), why).toThrow();
  });

  it('ships a dashboard and alert rules that only name exposed families', async () => {
    const families = new Set([
      ...knownFamilies().map((f) => f.family),
      CUSTOM_FAMILY.family,
      'scones_alarm_state',
    ]);
    const dashboard = JSON.parse(await readFile(path.join(DEPLOY, 'grafana/scones-dashboard.json'), 'utf8'));
    const alerts = await readFile(path.join(DEPLOY, 'prometheus/alerts.yml'), 'utf8');
    const exprs = [
      ...dashboard.panels.flatMap((p: { targets: Array<{ expr: string }> }) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.map((v: { query: string }) => v.query),
      alerts,
    ].join('\n');
    const used = new Set(
      [...exprs.matchAll(/\bscones_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, '')),
    );
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !families.has(name))).toEqual([]);
    expect(await readFile(path.join(DEPLOY, 'prometheus/prometheus.yml'), 'utf8')).toMatch(
      /metrics_path: \/metrics/,
    );
  });
});
