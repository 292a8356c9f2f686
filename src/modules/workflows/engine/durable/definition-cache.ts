// Parsed definitions by content hash, so executions of one state machine share one parsed (and cached) object.
import { createHash } from 'node:crypto';
import type { StateMachineDefinition } from '../../asl/definition.js';

const LIMIT = 256;

export class DefinitionCache {
  private readonly byHash = new Map<string, StateMachineDefinition>();
  private readonly hashes = new WeakMap<object, string>();

  /** The hash of a definition's text, keeping its parsed form for executions to come. */
  remember(text: string, definition: StateMachineDefinition): string {
    let hash = this.hashes.get(definition);
    if (hash === undefined) {
      hash = definitionHash(text);
      this.hashes.set(definition, hash);
    }
    this.keep(hash, definition);
    return hash;
  }

  parse(hash: string, text: string): StateMachineDefinition {
    const known = this.byHash.get(hash);
    if (known !== undefined) return known;
    const definition = JSON.parse(text) as StateMachineDefinition;
    this.keep(hash, definition);
    this.hashes.set(definition, hash);
    return definition;
  }

  private keep(hash: string, definition: StateMachineDefinition): void {
    if (this.byHash.has(hash)) return;
    if (this.byHash.size >= LIMIT) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.byHash.delete(oldest);
    }
    this.byHash.set(hash, definition);
  }
}

export function definitionHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
