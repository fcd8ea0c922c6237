/**
 * The one change-notification used by every store (model, view, compare, train, runner, inference session):
 * `subscribe` returns its own unsubscribe, `emit` calls every listener, and `track` remembers subscriptions this
 * owner made to *other* stores so `dispose` drops them too — a disposed store never hears from, or keeps alive,
 * the store it listened to.
 */
export type Listener = () => void;

export class Emitter {
  private readonly listeners = new Set<Listener>();
  private readonly upstream: (() => void)[] = [];
  private disposed = false;

  /** React's `useSyncExternalStore` shape: returns the unsubscribe. */
  readonly subscribe = (listener: Listener): (() => void) => {
    if (this.disposed) return () => {};
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  emit(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Keep an unsubscribe from another store; `dispose` calls it. */
  track(unsubscribe: () => void): void {
    if (this.disposed) unsubscribe();
    else this.upstream.push(unsubscribe);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    for (const off of this.upstream.splice(0)) off();
  }
}
