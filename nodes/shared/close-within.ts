// Node-RED gives a close handler 15 s: `done` is called when `work` settles or after `limitMs`,
// whichever comes first, and exactly once.
export function closeWithin(work: Promise<unknown>, limitMs: number, done: () => void): void {
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done();
  };
  const timer = setTimeout(finish, limitMs);
  work.then(finish, finish);
}
