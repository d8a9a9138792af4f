// "Log at most once per kind of failure": a repeated failure of the same kind stays quiet until a
// poll succeeds again, so a NAS that is away for hours writes one line, not thousands.
export class OnceLog {
  readonly #said = new Set<string>();

  /** Calls `say` unless this kind was already reported since the last reset. */
  once(kind: string, say: () => void): void {
    if (this.#said.has(kind)) return;
    this.#said.add(kind);
    say();
  }

  /** Forgets kinds matching `prefix` (all when omitted): they may be reported again. */
  reset(prefix = ''): void {
    for (const kind of this.#said) if (kind.startsWith(prefix)) this.#said.delete(kind);
  }
}
