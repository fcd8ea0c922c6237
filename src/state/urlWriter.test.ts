import { describe, expect, it } from 'vitest';
import { queuedUrl, type HistoryLike, type LocationLike } from './urlWriter';

/** A fake browser history: its entries, the current one, and what the location shows. */
function fakeBrowser(start = '?model=resnet18') {
  const entries = [start];
  let at = 0;
  const calls: string[] = [];
  const location: LocationLike = {
    pathname: '/app/',
    get search() {
      return entries[at];
    },
    hash: '',
  };
  const strip = (url: string) => url.slice(url.indexOf('?'));
  const history: HistoryLike = {
    pushState: (_d, _u, url) => {
      calls.push(`push ${url}`);
      entries.splice(at + 1, entries.length, strip(url));
      at++;
    },
    replaceState: (_d, _u, url) => {
      calls.push(`replace ${url}`);
      entries[at] = strip(url);
    },
  };
  const back = () => {
    at--;
  };
  return { entries, location, history, calls, back, current: () => entries[at] };
}

/** A scheduler the test runs by hand: the "frame" after which queued writes are flushed. */
function manualSchedule() {
  const runs: (() => void)[] = [];
  return { schedule: (run: () => void) => runs.push(run), frame: () => runs.splice(0).forEach((r) => r()), count: () => runs.length };
}

describe('queuedUrl', () => {
  it('writes nothing during the edit; read() already answers with the written query', () => {
    const b = fakeBrowser();
    const s = manualSchedule();
    const url = queuedUrl(b.history, b.location, s.schedule);
    url.write('model=resnet34&d=1', false);
    expect(b.calls).toEqual([]);
    expect(url.read()).toBe('?model=resnet34&d=1');
    expect(url.pending).toBe(1);
    s.frame();
    expect(b.calls).toEqual(['push /app/?model=resnet34&d=1']);
    expect(url.read()).toBe('?model=resnet34&d=1');
    expect(b.location.search).toBe('?model=resnet34&d=1');
    expect(url.pending).toBe(0);
  });

  it('coalesces a push and the replaces after it into one history entry, flushed once', () => {
    const b = fakeBrowser();
    const s = manualSchedule();
    const url = queuedUrl(b.history, b.location, s.schedule);
    url.write('a=1', false);
    url.write('a=2', true);
    url.write('a=3', true);
    expect(s.count()).toBe(1);
    s.frame();
    expect(b.calls).toEqual(['push /app/?a=3']);
    expect(b.entries).toEqual(['?model=resnet18', '?a=3']);
  });

  it('keeps one entry per push: two edits in one frame are two steps back', () => {
    const b = fakeBrowser();
    const s = manualSchedule();
    const url = queuedUrl(b.history, b.location, s.schedule);
    url.write('a=1', false);
    url.write('a=2', false);
    url.write('a=2&b=1', true);
    s.frame();
    expect(b.entries).toEqual(['?model=resnet18', '?a=1', '?a=2&b=1']);
    b.back();
    expect(url.read()).toBe('?a=1');
  });

  it('makes no entry and no history call for a write that changes nothing', () => {
    const b = fakeBrowser();
    const s = manualSchedule();
    const url = queuedUrl(b.history, b.location, s.schedule);
    // The URL already there, as pushes and as a replace, written the way the browser would or not.
    url.write('model=resnet18', false);
    url.write('?model=resnet18', false);
    url.write('model=resnet18', true);
    expect(s.count()).toBe(0);
    s.frame();
    expect(b.calls).toEqual([]);
    // Written, then written again: one entry.
    url.write('a=1', false);
    url.write('a=1', false);
    s.frame();
    expect(b.entries).toEqual(['?model=resnet18', '?a=1']);
    url.write('a=1', false);
    s.frame();
    expect(b.calls).toEqual(['push /app/?a=1']);
  });

  it('a replace with nothing queued rewrites the current entry', () => {
    const b = fakeBrowser();
    const s = manualSchedule();
    const url = queuedUrl(b.history, b.location, s.schedule);
    url.write('?view=train', true);
    expect(url.read()).toBe('?view=train');
    s.frame();
    expect(b.calls).toEqual(['replace /app/?view=train']);
    expect(b.entries).toEqual(['?view=train']);
  });

  it('reads as the browser would write it (parameters re-serialised)', () => {
    const b = fakeBrowser();
    const s = manualSchedule();
    const url = queuedUrl(b.history, b.location, s.schedule);
    url.write('name=a b&x=%2F', false);
    expect(url.read()).toBe('?name=a+b&x=%2F');
    s.frame();
    expect(b.location.search).toBe(url.read());
  });

  it('flush() writes at once; drop() forgets what back or forward made stale', () => {
    const b = fakeBrowser();
    const s = manualSchedule();
    const url = queuedUrl(b.history, b.location, s.schedule);
    url.write('a=1', false);
    url.flush();
    expect(b.entries).toEqual(['?model=resnet18', '?a=1']);
    url.write('a=2', false);
    url.drop();
    expect(url.read()).toBe('?a=1');
    s.frame();
    expect(b.calls).toEqual(['push /app/?a=1']);
  });
});
