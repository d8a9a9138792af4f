// The watch node's timer: one poll at a time (a poll asked for while one runs waits for it), the
// normal interval after a success, a growing delay while the NAS is away, and a stop that clears
// the timer and waits for the poll in flight.

/** The longest delay setTimeout takes as given (2^31-1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;
/** What a delay that is not a number (NaN, ±Infinity) becomes. */
export const DEFAULT_DELAY_MS = 60_000;

/** A delay setTimeout keeps: not a finite number → the default, else between 0 and MAX_TIMER_MS. */
export function timerDelay(ms: number): number {
  if (!Number.isFinite(ms)) return DEFAULT_DELAY_MS;
  return Math.min(MAX_TIMER_MS, Math.max(0, ms));
}

export interface PollLoopOptions {
  intervalMs: number;
  /** Errors that mean the NAS is away (refused, unreachable, timed out): retry sooner, then back off. */
  isNasDown: (err: unknown) => boolean;
  /** A timer-driven poll failed (an asked-for poll rejects to its caller instead). */
  onTimerError: (err: unknown) => void;
  /** The first retry while the NAS is away (ms); it doubles per failure up to `maxDownDelayMs`. */
  firstDownDelayMs?: number;
  maxDownDelayMs?: number;
}

export class PollLoop {
  readonly #poll: () => Promise<void>;
  readonly #options: PollLoopOptions;
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #downStreak = 0;

  constructor(poll: () => Promise<void>, options: PollLoopOptions) {
    this.#poll = poll;
    this.#options = options;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Polls as soon as the poll in flight (if any) has finished. */
  pollNow(): Promise<void> {
    if (this.#stopped) return Promise.reject(new Error('the watch node is closing'));
    return this.#enqueue();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#chain;
  }

  /** The delay before the next poll after `downStreak` consecutive NAS-away failures (at most MAX_TIMER_MS). */
  nextDelay(downStreak = this.#downStreak): number {
    const intervalMs = timerDelay(this.#options.intervalMs);
    if (downStreak === 0) return intervalMs;
    const first = timerDelay(this.#options.firstDownDelayMs ?? Math.min(intervalMs, 5000));
    const cap = timerDelay(this.#options.maxDownDelayMs ?? Math.max(intervalMs, 30_000));
    return timerDelay(Math.min(cap, first * 2 ** Math.min(downStreak - 1, 20)));
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#enqueue().catch((err: unknown) => this.#options.onTimerError(err));
    }, timerDelay(ms));
  }

  #enqueue(): Promise<void> {
    const run = this.#chain.then(() => this.#runOnce());
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #runOnce(): Promise<void> {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      await this.#poll();
      this.#downStreak = 0;
    } catch (err) {
      this.#downStreak = this.#options.isNasDown(err) ? this.#downStreak + 1 : 0;
      throw err;
    } finally {
      this.#schedule(this.nextDelay());
    }
  }
}
