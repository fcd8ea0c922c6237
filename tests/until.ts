/** Resolves with a store's state once it passes the check (at once if it already does). */
export function until<S>(store: { getState(): S; subscribe(listener: () => void): () => void }, ok: (s: S) => boolean): Promise<S> {
  return new Promise<S>((resolve) => {
    if (ok(store.getState())) return resolve(store.getState());
    const off = store.subscribe(() => {
      if (ok(store.getState())) {
        off();
        resolve(store.getState());
      }
    });
  });
}
