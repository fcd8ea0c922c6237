/**
 * The Web Locks API in memory, for Node (20 has no `navigator.locks`): exclusive locks by name, granted in the
 * order asked, each held until its callback's promise settles — or until the context that holds it ends, as a
 * browser releases the locks of a worker that is gone. A context is one "agent" (the page, or one worker).
 */
type Waiter = { context: LockContext; callback: () => unknown; settle: (v: unknown) => void };

export class LockSpace {
  private readonly held = new Map<string, LockContext>();
  private readonly queues = new Map<string, Waiter[]>();

  /** A new agent (the page, a worker) with its own `navigator.locks`. */
  context(): LockContext {
    return new LockContext(this);
  }

  request(context: LockContext, name: string, callback: () => unknown): Promise<unknown> {
    return new Promise((settle) => {
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      queue.push({ context, callback, settle });
      this.grant(name);
    });
  }

  /** Gives `name` to the next waiter of a live context, when nobody holds it. */
  private grant(name: string): void {
    if (this.held.has(name)) return;
    const queue = this.queues.get(name) ?? [];
    let next = queue.shift();
    while (next && next.context.ended) next = queue.shift();
    if (!next) return;
    const { context, callback, settle } = next;
    this.held.set(name, context);
    let result: unknown;
    try {
      result = callback();
    } catch (e) {
      result = Promise.reject(e);
    }
    void Promise.resolve(result)
      .then(settle, settle)
      .finally(() => this.release(name, context));
  }

  release(name: string, context: LockContext): void {
    if (this.held.get(name) !== context) return;
    this.held.delete(name);
    this.grant(name);
  }

  /** Every lock `context` holds is let go (it has ended). */
  releaseAll(context: LockContext): void {
    for (const [name, holder] of [...this.held]) if (holder === context) this.release(name, context);
  }
}

export class LockContext {
  ended = false;

  constructor(private readonly space: LockSpace) {}

  request(name: string, callback: () => unknown): Promise<unknown>;
  request(name: string, _options: unknown, callback: () => unknown): Promise<unknown>;
  request(name: string, a: unknown, b?: unknown): Promise<unknown> {
    const callback = (typeof a === 'function' ? a : b) as () => unknown;
    return this.space.request(this, name, callback);
  }

  /** The agent is gone: its locks go with it, and it asks for none again. */
  end(): void {
    this.ended = true;
    this.space.releaseAll(this);
  }
}
