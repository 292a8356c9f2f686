// A growable column of doubles: per-record values of a window without an array of boxed numbers.

export class FloatColumn {
  #values = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.length++] = value;
  }

  /** A sorted copy of the values. */
  sorted(): Float64Array {
    return this.#values.slice(0, this.length).sort();
  }

  values(): Float64Array {
    return this.#values.subarray(0, this.length);
  }
}
