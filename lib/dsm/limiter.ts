// At most N tasks at once; the rest wait in arrival order.

export class Limiter {
  readonly #max: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    this.#max = max;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.#max) {
      this.#active++;
      return this.#settle(task);
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve)).then(() => this.#settle(task));
  }

  #settle<T>(task: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      running = task();
    } catch (err) {
      running = Promise.reject(err);
    }
    return running.finally(() => this.#release());
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
    if (next) next();
    else this.#active--;
  }
}
