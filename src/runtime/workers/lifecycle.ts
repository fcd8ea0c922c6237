/**
 * One lifecycle for the app's two workers (the live model's and training's). The page starts a module worker and
 * watches it two ways: its error events (a script that could not load, an uncaught error: the worker's state is
 * then suspect, so it is ended) and a *lifeline*, a Web Lock the worker takes at once and holds while it lives.
 * The page asks for the same lock, which is granted when the worker is gone in any way — a crash, `terminate()`,
 * `self.close()`, the browser ending it — so a worker that exits without a word is noticed too, with no polling
 * and no heartbeat a long synchronous step could miss. A worker that does not take its lifeline in time counts as
 * unable to start. Its death is noticed once, with the reason as a phrase (`WorkerDied`, code `worker-died`);
 * what follows — a new worker, or the page's own thread after deaths in quick succession (`Deaths`) — is said to
 * the user by the caller.
 *
 * Both sides speak over the worker's own channel; the lifeline's two messages carry a marker comlink ignores.
 */
import * as Comlink from 'comlink';
import { PhraseError, phrase, type Phrase } from '../../core';

/** What the page needs of a worker: a Worker, or (in tests) a MessagePort standing in for one. */
export type WorkerLike = Comlink.Endpoint & { terminate(): void };

/** The part of the Web Locks API the lifeline uses (`navigator.locks`; a stand-in where there is none). */
export type Locks = Pick<LockManager, 'request'>;

/** The page's `navigator.locks`, where it has them (every current browser; not Node 20). */
export function browserLocks(): Locks | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

const LIFELINE = '__resnetExplorerLifeline';
const HELD = '__resnetExplorerLifelineHeld';

/** A worker that died or could not start, and why (code `worker-died`). */
export class WorkerDied extends PhraseError {
  constructor(readonly reason: Phrase) {
    super(reason, 'worker-died');
    this.name = 'WorkerDied';
  }
}

/** A started worker, watched. */
export interface WorkerLink<T> {
  /** The worker's API through comlink. */
  remote: Comlink.Remote<T>;
  /** The worker itself (the tests end it to check what follows). */
  worker: WorkerLike;
  /** Resolves once the worker holds its lifeline (it runs, and its end will be noticed); rejects if it dies first. */
  started: Promise<void>;
  /** The caller's word that the worker has started all it needs: the start's time limit no longer applies. */
  running(): void;
  /** Rejects, once and never resolves, with a WorkerDied saying why the worker is gone. */
  died: Promise<never>;
  /** Why it died, once it has (null while it lives). */
  readonly death: Phrase | null;
  /** Ends the worker on purpose: `died` rejects with "it was ended". */
  terminate(): void;
}

export interface WatchOptions {
  /** Where the lifeline's lock is asked for (the page's `navigator.locks` by default; none: events only). */
  locks?: Locks | null;
  /** A worker the caller has not called `running` for by then counts as unable to start. */
  startTimeoutMs?: number;
}

const START_TIMEOUT_MS = 60_000;

/** What an error event says: the uncaught error's message (without the browser's "Uncaught "), or why the script did not run. */
function errorReason(e: Event): Phrase {
  const message = (e as ErrorEvent).message;
  return message ? phrase('{reason}', { reason: message.replace(/^Uncaught /, '') }) : phrase('its script could not load');
}

/** Watches a worker just started (`spawn` is where `new Worker(new URL(…), { type: 'module' })` stands, for the bundler). */
export function watchWorker<T>(spawn: () => WorkerLike, options: WatchOptions = {}): WorkerLink<T> {
  const worker = spawn();
  const locks = options.locks === undefined ? browserLocks() : options.locks;
  const name = `resnet-explorer-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let death: Phrase | null = null;
  let die!: (e: WorkerDied) => void;
  const died = new Promise<never>((_, reject) => (die = reject));
  died.catch(() => undefined);
  let start!: () => void;
  const started = new Promise<void>((resolve) => (start = resolve));
  const timer = setTimeout(() => end(phrase('no answer in {s} s', { s: Math.round((options.startTimeoutMs ?? START_TIMEOUT_MS) / 1000) })), options.startTimeoutMs ?? START_TIMEOUT_MS);

  /** The worker is gone (or is ended now): said once, with the first reason. */
  function end(reason: Phrase): void {
    if (death) return;
    death = reason;
    clearTimeout(timer);
    die(new WorkerDied(reason));
    worker.terminate();
  }

  worker.addEventListener('error', (e) => {
    e.preventDefault();
    end(errorReason(e));
  });
  worker.addEventListener('messageerror', () => end(phrase('a message from it could not be read')));
  worker.addEventListener('message', (e) => {
    const data = (e as MessageEvent).data as Record<string, unknown> | null;
    if (!data || typeof data !== 'object' || !(HELD in data) || death) return;
    start();
    // Granted once the worker no longer holds it: it is gone. (Without locks, its error events still tell.)
    if (data[HELD] === name && locks) void locks.request(name, () => end(phrase('it ended without an error')));
  });
  worker.postMessage({ [LIFELINE]: name });
  const remote = Comlink.wrap<T>(worker);
  const running = Promise.race([started, died]);
  running.catch(() => undefined);
  return {
    remote,
    worker,
    started: running,
    running: () => clearTimeout(timer),
    died,
    get death() {
      return death;
    },
    terminate: () => end(phrase('it was ended')),
  };
}

/**
 * The worker's side: takes the lifeline the page names and holds it while this worker lives (call it first thing
 * in the worker's module). `scope` is the worker's global (or a port in tests); `locks` its `navigator.locks`.
 */
export function holdLifeline(scope: { addEventListener(type: 'message', l: (e: MessageEvent) => void): void; postMessage(m: unknown): void }, locks: Locks | null): void {
  scope.addEventListener('message', (e) => {
    const name = (e.data as Record<string, unknown> | null)?.[LIFELINE];
    if (typeof name !== 'string') return;
    if (!locks) return scope.postMessage({ [HELD]: null });
    void locks.request(name, () => {
      scope.postMessage({ [HELD]: name });
      // Held until this worker ends.
      return new Promise<never>(() => undefined);
    });
  });
}

/**
 * Deaths of one kind of worker: a second within the window means the worker cannot be relied on here, and the
 * page's own thread takes over.
 */
export class Deaths {
  private times: number[] = [];

  constructor(
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one; true when it is the second within the window (give the worker up). */
  note(): boolean {
    const t = this.now();
    this.times = [...this.times.filter((x) => t - x < this.windowMs), t];
    return this.times.length > 1;
  }
}
