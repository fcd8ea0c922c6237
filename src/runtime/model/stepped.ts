/** Drives a pass written as a generator, awaiting `pause` between its steps so a long pass does not freeze the page. */
export async function runStepped<T>(steps: Generator<void, T>, pause: () => Promise<void>): Promise<T> {
  try {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      await pause();
    }
  } catch (e) {
    // `pause` threw to abandon the pass: the generator's `finally` frees what it made.
    steps.return(undefined as never);
    throw e;
  }
}
