/**
 * Background work per (database, key) — e.g. one organization's queue — that runs at most once at a time:
 * asking while a run is going makes it go round once more instead of starting a second one. A round says
 * whether it found work; the run ends after a round that found none and nobody asked again.
 *
 * `run` resolves once a round that began after the call has finished, and rejects if the run failed before
 * that (a caller who waits must not take a failure for done). Callers who do not wait may drop the promise:
 * its rejection is handled here, and the failure reported through onError.
 */
export function coalescedWorker() {
  const running = new WeakMap<object, Map<string, Promise<void>>>();
  const again = new WeakMap<object, Set<string>>();

  function run(
    owner: object,
    key: string,
    round: () => Promise<boolean>,
    /** Reports a failed run; the queue stays in the database for the next run or the job. */
    onError: (err: unknown) => void,
  ): Promise<void> {
    const byKey = running.get(owner) ?? new Map<string, Promise<void>>();
    running.set(owner, byKey);
    const pending = again.get(owner) ?? new Set<string>();
    again.set(owner, pending);
    const current = byKey.get(key);
    if (current) {
      pending.add(key);
      return current;
    }
    const work = (async () => {
      try {
        for (;;) {
          pending.delete(key);
          const found = await round();
          if (!found && !pending.has(key)) break;
        }
      } catch (err) {
        onError(err);
        throw err;
      } finally {
        byKey.delete(key);
      }
    })();
    // Callers who do not wait drop the promise; the rejection reaches those who do.
    work.catch(() => {});
    byKey.set(key, work);
    return work;
  }

  return {
    run,
    /** Resolves when nothing runs for the owner (tests and benchmarks wait on it); failures are not its concern. */
    async idle(owner: object): Promise<void> {
      for (let i = 0; i < 100; i++) {
        const byKey = running.get(owner);
        if (!byKey || byKey.size === 0) return;
        await Promise.allSettled(byKey.values());
      }
    },
  };
}
