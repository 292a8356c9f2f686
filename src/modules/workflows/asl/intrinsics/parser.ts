// Parses intrinsic-function text such as `States.Format('{} x', $.a, States.Array(1))` into a small AST.

export type IntrinsicArg =
  | { readonly kind: 'string'; readonly value: string; readonly raw: string }
  | { readonly kind: 'literal'; readonly value: number | boolean | null }
  | { readonly kind: 'path'; readonly text: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
}

export class IntrinsicSyntaxError extends Error {
  override readonly name = 'IntrinsicSyntaxError';
}

const cache = new Map<string, IntrinsicCall | IntrinsicSyntaxError>();
const MAX_DEPTH = 32;

/** True when the text looks like an intrinsic call (`States.X(`), whether or not it is well formed. */
export function looksLikeIntrinsic(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}

/** Parses an intrinsic call; throws IntrinsicSyntaxError with the reason when malformed. */
export function parseIntrinsic(text: string): IntrinsicCall {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    try {
      parsed = new Parser(text).parseAll();
    } catch (error) {
      parsed = error instanceof IntrinsicSyntaxError ? error : new IntrinsicSyntaxError(String(error));
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(text, parsed);
  }
  if (parsed instanceof IntrinsicSyntaxError) throw parsed;
  return parsed;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseAll(): IntrinsicCall {
    this.skipSpace();
    const call = this.call(0);
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected text after the closing parenthesis');
    return call;
  }

  private call(depth: number): IntrinsicCall {
    if (depth > MAX_DEPTH) this.fail('intrinsic functions are nested too deeply');
    const match = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a function name like States.Format');
    const name = match[0];
    this.pos += name.length;
    this.skipSpace();
    this.expect('(');
    const args: IntrinsicArg[] = [];
    this.skipSpace();
    if (this.peek() === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.argument(depth));
      this.skipSpace();
      const next = this.peek();
      this.pos++;
      if (next === ')') return { kind: 'call', name, args };
      if (next !== ',') this.fail(`expected ',' or ')' at position ${this.pos - 1}`);
    }
  }

  private argument(depth: number): IntrinsicArg {
    const c = this.peek();
    if (c === "'") return this.string();
    if (c === '$') return { kind: 'path', text: this.path() };
    if (this.text.startsWith('States.', this.pos)) return this.call(depth + 1);
    const word = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.pos));
    if (!word) this.fail(`unexpected argument at position ${this.pos}`);
    this.pos += word[0].length;
    const value =
      word[0] === 'true' ? true : word[0] === 'false' ? false : word[0] === 'null' ? null : Number(word[0]);
    return { kind: 'literal', value };
  }

  private string(): IntrinsicArg {
    const start = ++this.pos;
    let value = '';
    while (this.pos < this.text.length && this.text[this.pos] !== "'") {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      value += this.text[this.pos];
      this.pos++;
    }
    if (this.pos >= this.text.length) this.fail('unterminated string literal');
    const raw = this.text.slice(start, this.pos);
    this.pos++;
    return { kind: 'string', value, raw };
  }

  /** A path runs to the next top-level ',' or ')', skipping over brackets and quoted names. */
  private path(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (quote !== undefined) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if ((c === ']' || c === ')') && depth > 0) depth--;
      else if ((c === ',' || c === ')') && depth === 0) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos).trim();
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected '${c}' at position ${this.pos}`);
    this.pos++;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  private fail(reason: string): never {
    throw new IntrinsicSyntaxError(`Invalid intrinsic function '${this.text}': ${reason}`);
  }
}
