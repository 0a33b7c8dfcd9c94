// Work that can wait for a quiet moment (thumbnails off the critical path of the first feature
// map): run in the browser's idle periods, in order, at least one task per period, and within a
// second even on a page that is never idle.

type Task = () => void;

const queue = new Set<Task>();
let scheduled = false;

/** Runs `task` when the page is idle; the returned function drops it if it has not run yet. */
export function whenIdle(task: Task): () => void {
  queue.add(task);
  schedule();
  return () => queue.delete(task);
}

function schedule() {
  if (scheduled || queue.size === 0) return;
  scheduled = true;
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 0);
}

function run(deadline?: IdleDeadline) {
  scheduled = false;
  let first = true;
  for (const task of queue) {
    if (!first && deadline && deadline.timeRemaining() <= 0) break;
    first = false;
    queue.delete(task);
    task();
  }
  schedule();
}
