// Per-invocation metrics: the listener port the monitoring module will plug into, and an in-memory recent log.

export type InvocationOutcome = 'ok' | 'client_error' | 'model_error' | 'throttled' | 'error';

export interface InvocationRecord {
  readonly endpoint: string;
  readonly variant: string | null;
  readonly modelVersion: number | null;
  /** Milliseconds since the epoch, when the request arrived. */
  readonly time: number;
  readonly eventId: string;
  readonly inferenceId: string | null;
  readonly outcome: InvocationOutcome;
  readonly errorCode: string | null;
  /** Time the model took for the batch this request ran in (SageMaker's ModelLatency). */
  readonly modelLatencyMs: number;
  /** Everything else: decoding, queueing, batching, serializing (SageMaker's OverheadLatency). */
  readonly overheadLatencyMs: number;
  readonly batchSize: number | null;
  readonly predictedIndex: number | null;
  readonly predictedClass: string | null;
  /** Top-1 probability. */
  readonly confidence: number | null;
}

/** Receives every invocation of every endpoint; must return quickly (it runs on the request path). */
export interface InvocationListener {
  onInvocation(record: InvocationRecord): void;
}

export interface InvocationSummary {
  readonly count: number;
  readonly byOutcome: Readonly<Record<InvocationOutcome, number>>;
  readonly meanModelLatencyMs: number | null;
  readonly meanOverheadLatencyMs: number | null;
}

/** Keeps the last `capacity` invocations of each endpoint, and running counts since start. */
export class RecentInvocations implements InvocationListener {
  /** Per endpoint: a ring of the last `capacity` records and the index the next one goes to. */
  readonly #recent = new Map<string, { ring: InvocationRecord[]; next: number }>();
  readonly #totals = new Map<
    string,
    { counts: Record<InvocationOutcome, number>; model: number; overhead: number }
  >();

  constructor(private readonly capacity = 1000) {}

  onInvocation(record: InvocationRecord): void {
    let recent = this.#recent.get(record.endpoint);
    if (!recent) {
      recent = { ring: [], next: 0 };
      this.#recent.set(record.endpoint, recent);
    }
    recent.ring[recent.next] = record;
    recent.next = (recent.next + 1) % this.capacity;
    const totals = this.#totals.get(record.endpoint) ?? {
      counts: { ok: 0, client_error: 0, model_error: 0, throttled: 0, error: 0 },
      model: 0,
      overhead: 0,
    };
    this.#totals.set(record.endpoint, totals);
    totals.counts[record.outcome]++;
    if (record.outcome === 'ok') {
      totals.model += record.modelLatencyMs;
      totals.overhead += record.overheadLatencyMs;
    }
  }

  /** The newest invocations of an endpoint, newest last. */
  recent(endpoint: string, limit = this.capacity): InvocationRecord[] {
    const recent = this.#recent.get(endpoint);
    if (!recent) return [];
    const ordered =
      recent.ring.length < this.capacity
        ? recent.ring
        : [...recent.ring.slice(recent.next), ...recent.ring.slice(0, recent.next)];
    return ordered.slice(-limit);
  }

  summary(endpoint: string): InvocationSummary {
    const totals = this.#totals.get(endpoint);
    const counts = totals?.counts ?? { ok: 0, client_error: 0, model_error: 0, throttled: 0, error: 0 };
    const count = Object.values(counts).reduce((a, b) => a + b, 0);
    const mean = (sum: number | undefined) => (counts.ok > 0 && sum !== undefined ? sum / counts.ok : null);
    return {
      count,
      byOutcome: { ...counts },
      meanModelLatencyMs: mean(totals?.model),
      meanOverheadLatencyMs: mean(totals?.overhead),
    };
  }
}
