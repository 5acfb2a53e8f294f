/**
 * Background work per (database, key) — e.g. one organization's queue — that runs at most once at a time:
 * asking while a run is going makes it go round once more instead of starting a second one. A round says
 * whether it found work; the run ends after a round that found none and nobody asked again.
 */
export function coalescedWorker() {
  const running = new WeakMap<object, Map<string, Promise<void>>>();
  const again = new WeakMap<object, Set<string>>();
  return {
    run(
      owner: object,
      key: string,
      round: () => Promise<boolean>,
      /** A failed run keeps its queue in the database for the next run or the job; this only reports it. */
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
          for (let i = 0; i < 1000; i++) {
            pending.delete(key);
            const found = await round();
            if (!found && !pending.has(key)) break;
          }
        } catch (err) {
          onError(err);
        } finally {
          byKey.delete(key);
        }
      })();
      byKey.set(key, work);
      return work;
    },
    /** Resolves when nothing runs for the owner (tests and benchmarks wait on it). */
    async idle(owner: object): Promise<void> {
      for (let i = 0; i < 100; i++) {
        const byKey = running.get(owner);
        if (!byKey || byKey.size === 0) return;
        await Promise.all(byKey.values());
      }
    },
  };
}
