// Admission control: bounds the requests and body bytes held at once, so overload is refused with a quick
// 503 instead of growing queues and memory.
import { inferenceError } from '../errors.js';

export interface AdmissionLimits {
  readonly maxRequests: number;
  readonly maxBytes: number;
}

export class Admission {
  #requests = 0;
  #bytes = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  get requests(): number {
    return this.#requests;
  }

  /** Reserves room for one request of `bytes`; the returned function gives it back (once). */
  enter(bytes: number): () => void {
    if (this.#requests >= this.limits.maxRequests || this.#bytes + bytes > this.limits.maxBytes)
      throw inferenceError(
        'OVERLOADED',
        `the server is at capacity (${this.#requests} requests, ${this.#bytes} bytes in progress); retry later`,
      );
    this.#requests++;
    this.#bytes += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#requests--;
      this.#bytes -= bytes;
    };
  }
}
