/**
 * Background work per (database, key) — e.g. one organization's queue — that runs at most once at a time,
 * in rounds: asking while a round is going asks for one more round instead of a second worker. A round
 * says whether it found work; the worker stops after a round that found none and nobody asked again.
 *
 * `run` resolves as soon as a round that began after the call has finished — not when the worker stops,
 * which under a steady flow may be much later — and rejects if the worker failed before that (a caller
 * who waits must not take a failure for done). Callers who do not wait may drop the promise: its rejection
 * is handled here, and the failure reported through onError.
 */
export function coalescedWorker() {
  interface Waiter {
    round: number;
    resolve: () => void;
    reject: (err: unknown) => void;
  }
  interface State {
    /** Rounds started so far. */
    started: number;
    again: boolean;
    waiters: Waiter[];
    loop: Promise<void> | null;
  }
  const states = new WeakMap<object, Map<string, State>>();

  function stateOf(owner: object, key: string): State {
    const byKey = states.get(owner) ?? new Map<string, State>();
    states.set(owner, byKey);
    let state = byKey.get(key);
    if (!state) {
      state = { started: 0, again: false, waiters: [], loop: null };
      byKey.set(key, state);
    }
    return state;
  }

  function startLoop(state: State, round: () => Promise<boolean>, onError: (err: unknown) => void) {
    state.loop = (async () => {
      try {
        while (state.again) {
          state.again = false;
          const index = ++state.started;
          if (await round()) state.again = true;
          const finished = state.waiters.filter((w) => w.round <= index);
          state.waiters = state.waiters.filter((w) => w.round > index);
          for (const w of finished) w.resolve();
        }
      } catch (err) {
        onError(err);
        const failed = state.waiters;
        state.waiters = [];
        for (const w of failed) w.reject(err);
      } finally {
        state.loop = null;
      }
    })();
  }

  function run(
    owner: object,
    key: string,
    round: () => Promise<boolean>,
    /** Reports a failed run; the queue stays in the database for the next run or the job. */
    onError: (err: unknown) => void,
  ): Promise<void> {
    const state = stateOf(owner, key);
    const done = new Promise<void>((resolve, reject) =>
      // The next round to start is the first that began after this call.
      state.waiters.push({ round: state.started + 1, resolve, reject }),
    );
    done.catch(() => {});
    state.again = true;
    if (!state.loop) startLoop(state, round, onError);
    return done;
  }

  return {
    run,
    /** Resolves when no worker runs for the owner (tests and benchmarks wait on it); failures are not its concern. */
    async idle(owner: object): Promise<void> {
      for (let i = 0; i < 100; i++) {
        const loops = [...(states.get(owner)?.values() ?? [])].flatMap((s) => (s.loop ? [s.loop] : []));
        if (loops.length === 0) return;
        await Promise.allSettled(loops);
      }
    },
  };
}
