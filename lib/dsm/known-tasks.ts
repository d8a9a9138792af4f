// Task names seen to exist lately, so run/enable/delete/results need no extra `get` each time.

/** How long a task seen to exist counts as existing without a new `get`. */
export const KNOWN_TTL_MS = 30_000;

export class KnownTasks {
  readonly #seen = new Map<string, number>();

  remember(name: string): void {
    this.#seen.set(name, Date.now());
  }

  forget(name: string): void {
    this.#seen.delete(name);
  }

  has(name: string): boolean {
    const seen = this.#seen.get(name);
    return seen !== undefined && Date.now() - seen < KNOWN_TTL_MS;
  }
}
