// Fault injection in the manner of mockttp rules: a rule matches on api/method/path and does one
// thing (delay then serve, reset the socket, never answer, an HTML page, an empty 502, a DSM error
// code); `times` makes it expire. Rules are plain JSON and are checked up front. The first live
// matching rule wins.
import type { FaultRule } from './types';

const ACTIONS = new Set(['delay', 'reset', 'hang', 'html', 'empty502', 'error']);

export interface ActiveFault extends FaultRule {
  id: number;
  remaining: number | undefined;
}

export function checkFaultRule(input: unknown): FaultRule {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new TypeError('a fault rule is a JSON object');
  const rule = input as Record<string, unknown>;
  const allowed = new Set(['api', 'method', 'path', 'action', 'ms', 'code', 'times']);
  for (const key of Object.keys(rule)) if (!allowed.has(key)) throw new TypeError(`unknown fault rule field "${key}"`);
  if (typeof rule.action !== 'string' || !ACTIONS.has(rule.action)) {
    throw new TypeError(`fault rule "action" must be one of ${[...ACTIONS].join(', ')}`);
  }
  for (const key of ['api', 'method', 'path']) {
    if (rule[key] !== undefined && typeof rule[key] !== 'string') throw new TypeError(`fault rule "${key}" must be a string`);
  }
  for (const key of ['ms', 'code', 'times']) {
    const value = rule[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw new TypeError(`fault rule "${key}" must be an integer >= 0`);
    }
  }
  if (rule.times === 0) throw new TypeError('fault rule "times" must be at least 1');
  if (rule.action === 'error' && rule.code === undefined) throw new TypeError('fault rule "error" needs a "code"');
  if (rule.action === 'delay' && rule.ms === undefined) throw new TypeError('fault rule "delay" needs "ms"');
  return rule as unknown as FaultRule;
}

export class Faults {
  readonly #rules: ActiveFault[] = [];
  #nextId = 1;

  /** Adds a rule (checked first); returns its id. */
  add(rule: FaultRule): number {
    const checked = checkFaultRule(rule);
    const id = this.#nextId++;
    this.#rules.push({ ...checked, id, remaining: checked.times });
    return id;
  }

  remove(id: number): boolean {
    const index = this.#rules.findIndex((rule) => rule.id === id);
    if (index >= 0) this.#rules.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.#rules.length = 0;
  }

  list(): ActiveFault[] {
    return this.#rules.map((rule) => ({ ...rule }));
  }

  get size(): number {
    return this.#rules.length;
  }

  /** The first live rule matching the request, used up by one. `errorOnly` looks at error rules only (compound items). */
  take(request: { api?: string; method?: string; path: string }, errorOnly = false): FaultRule | undefined {
    for (let i = 0; i < this.#rules.length; i++) {
      const rule = this.#rules[i];
      if (errorOnly && rule.action !== 'error') continue;
      if (rule.api !== undefined && rule.api !== request.api) continue;
      if (rule.method !== undefined && rule.method !== request.method) continue;
      if (rule.path !== undefined && !request.path.includes(rule.path)) continue;
      if (rule.remaining !== undefined) {
        rule.remaining--;
        if (rule.remaining <= 0) this.#rules.splice(i, 1);
      }
      return rule;
    }
    return undefined;
  }
}
