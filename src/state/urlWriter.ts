/**
 * The stores' URL adapter, off the critical path of an edit: `history.pushState` costs a few milliseconds on a
 * long URL (a ResNet-152's spec), paid on the frame that should show the edit. Writes are queued and flushed
 * once the frame has been painted; `read()` answers with what was written, flushed or not, so the stores
 * always see their own writes. Push and replace keep their meaning: each push becomes one history entry (Back
 * undoes one edit), a replace rewrites the entry the last write made. A write of the URL already there is
 * dropped.
 */
import type { UrlAdapter } from './modelStore';

/** What the writer needs of `window.history` and `window.location` (fakes in the unit tests). */
export interface HistoryLike {
  pushState(data: unknown, unused: string, url: string): void;
  replaceState(data: unknown, unused: string, url: string): void;
}
export interface LocationLike {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

export interface QueuedUrl extends UrlAdapter {
  /** Writes what is queued now (before the page unloads; the tests). */
  flush(): void;
  /** Forgets what is queued: the browser has moved to another entry (back, forward), whose URL now rules. */
  drop(): void;
  /** Writes waiting for their flush. */
  readonly pending: number;
}

/** After the next paint: a frame callback runs before it, a task queued from there runs after it. */
export function afterPaint(run: () => void): void {
  requestAnimationFrame(() => setTimeout(run, 0));
}

export function queuedUrl(history: HistoryLike, location: LocationLike, schedule: (run: () => void) => void = afterPaint): QueuedUrl {
  /** Entries to write, in order: a push opens one, a replace rewrites the last (or queues a replace). */
  const queue: { query: string; push: boolean }[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    for (const { query, push } of queue.splice(0)) {
      const url = `${location.pathname}?${query}${location.hash}`;
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }
  };

  return {
    read: () => (queue.length ? `?${queue[queue.length - 1].query}` : location.search),
    write(query, replace) {
      // As the browser would show it (the stores' parameters re-serialised), so that `read()` agrees with it.
      const q = new URLSearchParams(query).toString();
      const last = queue[queue.length - 1];
      // A write that changes nothing makes no history entry (Back would step through identical URLs) and no
      // history call (each costs milliseconds after the paint).
      if (q === (last ? last.query : new URLSearchParams(location.search).toString())) return;
      if (replace && last) last.query = q;
      else queue.push({ query: q, push: !replace });
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    drop: () => {
      queue.length = 0;
    },
    get pending() {
      return queue.length;
    },
  };
}
