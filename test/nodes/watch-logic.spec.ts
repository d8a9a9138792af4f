// The watch node's logic without Node-RED: the per-task mark, the watcher with a fake source (runs
// still going, new tasks, the NAS going away mid-poll) and the poll loop (no overlap, back-off, stop).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TIMER_MS, PollLoop, timerDelay } from '../../nodes/synology-event-watch/poll-loop';
import { marksFromStored, marksToStored } from '../../nodes/synology-event-watch/context-mark-store';
import { ResultWatcher, type Marks, type MarkStore, type WatchSource } from '../../nodes/synology-event-watch/result-watcher';
import { stepMark, type ResultRecord, type TaskMark } from '../../nodes/synology-event-watch/task-mark';
import { readWatchConfig } from '../../nodes/synology-event-watch/watch-config';
import { isNasDown } from '../../nodes/synology-event-watch/watch-node';

interface Row extends ResultRecord {
  task_name: string;
}

function row(id: number, task = 't', ended = true, exitCode = 0): Row {
  return {
    result_id: id,
    task_name: task,
    stop_time: ended ? `2026-12-03 10:00:${String(id).padStart(2, '0')}` : '',
    exit_info: ended ? { exit_code: exitCode, exit_type: 'stop' } : null,
  };
}

function coded(code: string): Error & { code: string } {
  return Object.assign(new Error(code), { code });
}

class FakeSource implements WatchSource<Row> {
  results = new Map<string, Row[]>();
  batches = 0;
  lists = 0;
  fail: Error | undefined;
  failOutput: Error | undefined;

  async list(): Promise<{ name: string }[]> {
    this.lists += 1;
    return [...this.results.keys()].map((name) => ({ name }));
  }

  async resultsOfMany(tasks: string[]): Promise<Map<string, Row[] | Error>> {
    this.batches += 1;
    if (this.fail) throw this.fail;
    return new Map(tasks.map((t) => [t, this.results.get(t) ?? coded('TASK_NOT_FOUND')]));
  }

  async output(task: string, resultId: number): Promise<{ script_in: string; script_out: string }> {
    if (this.failOutput) throw this.failOutput;
    return { script_in: task, script_out: `out ${resultId}` };
  }
}

/** A store that keeps the marks as the node context does: the stored JSON object, through JSON. */
function memoryStore(initial?: Record<string, TaskMark>): MarkStore & { saved: Record<string, TaskMark> | undefined } {
  const store = {
    saved: initial,
    load: async () => marksFromStored(store.saved === undefined ? undefined : JSON.parse(JSON.stringify(store.saved))),
    save: async (marks: Marks) => {
      store.saved = JSON.parse(JSON.stringify(marksToStored(marks))) as Record<string, TaskMark>;
    },
  };
  return store;
}

function watcher(source: FakeSource, store: MarkStore, options: Partial<ConstructorParameters<typeof ResultWatcher>[2]> = {}): ResultWatcher<Row> {
  return new ResultWatcher<Row>(source, store, {
    tasks: ['t'], includeOutput: false, emitExisting: false, listMaxAgeMs: 60_000, isNasDown, ...options,
  });
}

describe('stepMark', () => {
  it('counts ended results as seen on a baseline and reports a run still going once it has ended', () => {
    const first = stepMark(undefined, [row(1), row(2, 't', false), row(3)], true);
    assert.deepEqual(first.fresh, []);
    assert.deepEqual(first.mark, { seen: 1, done: [3] });
    const second = stepMark(first.mark, [row(1), row(2), row(3), row(4)], false);
    assert.deepEqual(second.fresh.map((r) => r.result_id), [2, 4]);
    assert.deepEqual(second.mark, { seen: 4 });
  });

  it('emits a later result before an older run that is still going, and the older one when it ends', () => {
    const a = stepMark({ seen: 5 }, [row(6, 't', false), row(7)], false);
    assert.deepEqual(a.fresh.map((r) => r.result_id), [7]);
    assert.deepEqual(a.mark, { seen: 5, done: [7] });
    const b = stepMark(a.mark, [row(6, 't', false), row(7)], false);
    assert.deepEqual(b.fresh, [], 'nothing twice while 6 still runs');
    const c = stepMark(b.mark, [row(6), row(7)], false);
    assert.deepEqual(c.fresh.map((r) => r.result_id), [6]);
    assert.deepEqual(c.mark, { seen: 7 });
  });

  it('ignores results at or below the mark even when DSM drops older ones', () => {
    const step = stepMark({ seen: 10 }, [row(9), row(10), row(11)], false);
    assert.deepEqual(step.fresh.map((r) => r.result_id), [11]);
  });
});

describe('ResultWatcher', () => {
  it('does not replay on first start, reports new results once, and saves the marks', async () => {
    const source = new FakeSource();
    source.results.set('t', [row(1)]);
    const store = memoryStore();
    const w = watcher(source, store);
    assert.equal((await w.poll()).events.length, 0);
    assert.deepEqual(store.saved, { t: { seen: 1 } });
    source.results.set('t', [row(1), row(2, 't', true, 1)]);
    const outcome = await w.poll();
    assert.deepEqual(outcome.events.map((e) => [e.result.result_id, e.failed]), [[2, true]]);
    assert.equal((await w.poll()).events.length, 0);
  });

  it('continues from stored marks (a restart) without a baseline', async () => {
    const source = new FakeSource();
    source.results.set('t', [row(1), row(2), row(3)]);
    const w = watcher(source, memoryStore({ t: { seen: 1 } }));
    assert.deepEqual((await w.poll()).events.map((e) => e.result.result_id), [2, 3]);
  });

  it('reports every result of a task that appears after the first poll (every-task mode)', async () => {
    const source = new FakeSource();
    source.results.set('a', [row(1, 'a')]);
    const w = watcher(source, memoryStore(), { tasks: [] });
    assert.equal((await w.poll()).events.length, 0);
    source.results.set('b', [row(2, 'b')]);
    w.refreshList();
    assert.deepEqual((await w.poll()).events.map((e) => e.task), ['b']);
    assert.equal(source.lists, 2);
  });

  it('reads the task list now and then, not on every poll', async () => {
    let now = 0;
    const source = new FakeSource();
    source.results.set('a', []);
    const w = watcher(source, memoryStore(), { tasks: [], listMaxAgeMs: 1000, now: () => now });
    for (let i = 0; i < 5; i++) await w.poll();
    assert.equal(source.lists, 1);
    assert.equal(source.batches, 5);
    now = 2000;
    await w.poll();
    assert.equal(source.lists, 2);
  });

  it('marks nothing when the NAS goes away while outputs are read, so the next poll reports the results', async () => {
    const source = new FakeSource();
    source.results.set('t', [row(1)]);
    const store = memoryStore();
    const w = watcher(source, store, { includeOutput: true });
    await w.poll();
    source.results.set('t', [row(1), row(2)]);
    source.failOutput = coded('UNREACHABLE');
    await assert.rejects(w.poll(), { code: 'UNREACHABLE' });
    assert.deepEqual(store.saved, { t: { seen: 1 } });
    source.failOutput = undefined;
    const outcome = await w.poll();
    assert.deepEqual(outcome.events.map((e) => e.result.output?.script_out), ['out 2']);
  });
});

describe('marks under Object.prototype names', () => {
  it('baselines and marks tasks named __proto__ and constructor like any other', async () => {
    const names = ['__proto__', 'constructor', 'hasOwnProperty', 'normal'];
    const source = new FakeSource();
    for (const name of names) source.results.set(name, [row(1, name, true, 1)]);
    const store = memoryStore();
    const w = watcher(source, store, { tasks: names });
    assert.deepEqual((await w.poll()).events, [], 'old results are a baseline, whatever the name');
    assert.deepEqual(Object.keys(store.saved ?? {}).sort(), [...names].sort(), 'every name is an own property of the stored object');
    assert.deepEqual((await w.poll()).events, []);
    for (const name of names) source.results.set(name, [row(1, name, true, 1), row(2, name, true, 1)]);
    assert.deepEqual((await w.poll()).events.map((e) => e.task).sort(), [...names].sort());
    assert.deepEqual((await w.poll()).events, [], 'each new result once');
    // A restart reads the stored marks back: still nothing twice.
    const again = watcher(source, store, { tasks: names });
    assert.deepEqual((await again.poll()).events, []);
  });

  it('reads the stored format of earlier versions and ignores inherited names', () => {
    assert.deepEqual(marksFromStored({ t: { seen: 1 }, u: { seen: 4, done: [6] } }), new Map([['t', { seen: 1 }], ['u', { seen: 4, done: [6] }]]));
    assert.deepEqual(marksFromStored(JSON.parse('{"__proto__":{"seen":2}}')), new Map([['__proto__', { seen: 2 }]]));
    assert.deepEqual(marksFromStored({}), new Map());
    assert.equal(marksFromStored({})?.get('constructor'), undefined);
    assert.equal(marksFromStored(undefined), undefined);
    assert.equal(marksFromStored([]), undefined);
    assert.equal(marksFromStored({ t: { seen: 'x' } }), undefined, 'not marks: start afresh');
    const stored = marksToStored(new Map([['__proto__', { seen: 3 }], ['constructor', { seen: 5, done: [] }]]));
    assert.equal(JSON.stringify(stored), '{"__proto__":{"seen":3},"constructor":{"seen":5}}');
    assert.equal(Object.getPrototypeOf(stored), Object.prototype, 'a plain object');
  });
});

describe('PollLoop', () => {
  it('never runs two polls at once and runs an asked-for poll after the one in flight', async () => {
    let running = 0;
    let most = 0;
    let count = 0;
    const loop = new PollLoop(
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        count += 1;
        running -= 1;
      },
      { intervalMs: 60_000, isNasDown, onTimerError: () => undefined },
    );
    loop.start();
    await Promise.all([loop.pollNow(), loop.pollNow(), loop.pollNow()]);
    await loop.stop();
    assert.equal(most, 1);
    assert.equal(count, 3, "the three asked-for polls (the first replaced the pending timer poll)");
  });

  it('backs off while the NAS is away, up to a cap, and returns to the interval after a success', () => {
    const loop = new PollLoop(async () => undefined, { intervalMs: 60_000, isNasDown, onTimerError: () => undefined });
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => loop.nextDelay(n)), [60_000, 5000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    const quick = new PollLoop(async () => undefined, { intervalMs: 1000, isNasDown, onTimerError: () => undefined });
    assert.deepEqual([1, 2, 3, 6, 10].map((n) => quick.nextDelay(n)), [1000, 2000, 4000, 30_000, 30_000]);
  });

  it('never hands setTimeout more than 2^31-1 ms (interval or back-off), and a delay that is not a number becomes 60 s', () => {
    assert.equal(MAX_TIMER_MS, 2 ** 31 - 1);
    const month = new PollLoop(async () => undefined, { intervalMs: 2_592_000_000, isNasDown, onTimerError: () => undefined });
    assert.deepEqual([0, 1, 5, 19, 100].map((n) => month.nextDelay(n)), [MAX_TIMER_MS, 5000, 80_000, 5000 * 2 ** 18, MAX_TIMER_MS]);
    const broken = new PollLoop(async () => undefined, { intervalMs: Number.NaN, maxDownDelayMs: Infinity, isNasDown, onTimerError: () => undefined });
    assert.equal(broken.nextDelay(0), 60_000);
    assert.ok(broken.nextDelay(40) <= MAX_TIMER_MS);
    assert.deepEqual([Number.NaN, Infinity, -Infinity, -5, 2 ** 40].map(timerDelay), [60_000, 60_000, 60_000, 0, MAX_TIMER_MS]);
  });

  it('reports timer-driven failures to onTimerError and stops cleanly', async () => {
    const errors: unknown[] = [];
    const loop = new PollLoop(
      async () => {
        throw coded('UNREACHABLE');
      },
      { intervalMs: 1000, firstDownDelayMs: 10, maxDownDelayMs: 20, isNasDown, onTimerError: (err) => errors.push(err) },
    );
    loop.start();
    const deadline = Date.now() + 5000;
    while (errors.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop();
    const seen = errors.length;
    assert.ok(seen >= 3, 'retries while the NAS is away');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(errors.length, seen, 'no poll after stop');
    await assert.rejects(loop.pollNow());
  });
});

describe('readWatchConfig', () => {
  it('fills defaults for old or hand-written flows', () => {
    assert.deepEqual(readWatchConfig({}), { tasks: [], intervalMs: 60_000, includeOutput: false, emitExisting: false });
    assert.deepEqual(readWatchConfig({ tasks: 'a, b\nc,,a', interval: '0.1', includeOutput: true }).tasks, ['a', 'b', 'c']);
    assert.equal(readWatchConfig({ interval: '0.1' }).intervalMs, 1000);
  });

  it('cuts an interval above the timer limit to 2^31-1 ms and treats one that is not a number as 60 s', () => {
    assert.equal(readWatchConfig({ interval: 2_592_000 }).intervalMs, 2 ** 31 - 1);
    assert.equal(readWatchConfig({ interval: '1e300' }).intervalMs, 2 ** 31 - 1);
    assert.equal(readWatchConfig({ interval: 2_147_483 }).intervalMs, 2_147_483_000);
    for (const interval of ['NaN', 'Infinity', '1e999', Number.NaN, 'soon']) assert.equal(readWatchConfig({ interval }).intervalMs, 60_000, String(interval));
  });
});
