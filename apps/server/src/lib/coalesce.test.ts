import { describe, expect, it } from 'vitest';
import { coalescedWorker } from './coalesce';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('coalescedWorker', () => {
  it('answers a caller after the first round that began after its call, while the worker goes on', async () => {
    const w = coalescedWorker();
    const owner = {};
    const log: string[] = [];
    const gates: (() => void)[] = [];
    let rounds = 0;
    const round = async () => {
      const n = ++rounds;
      log.push(`start ${n}`);
      await new Promise<void>((r) => gates.push(r));
      log.push(`end ${n}`);
      return n < 4; // finds work for three rounds: a steady flow
    };
    const first = w.run(owner, 'org', round, () => {}).then(() => log.push('first answered'));
    expect(log).toEqual(['start 1']);
    // Joins while round 1 runs: its round is 2, not round 1 and not the last one.
    const second = w.run(owner, 'org', round, () => {}).then(() => log.push('second answered'));
    const open = async (n: number) => {
      while (gates.length < n) await tick();
      gates[n - 1]();
      await tick();
    };
    await open(1);
    await open(2);
    await Promise.all([first, second]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'first answered', 'end 2', 'start 3', 'second answered']);
    await open(3);
    await open(4);
    await w.idle(owner);
    expect(rounds).toBe(4);
  });

  it('shares one round among the callers that arrive while a round runs', async () => {
    const w = coalescedWorker();
    const owner = {};
    let rounds = 0;
    const round = async () => {
      rounds++;
      await tick();
      return false;
    };
    // The first starts round 1 at once; the four that arrive while it runs share round 2.
    await Promise.all(Array.from({ length: 5 }, () => w.run(owner, 'org', round, () => {})));
    expect(rounds).toBe(2);
  });

  it('rejects the callers waiting on a failed round and reports it; the next call starts afresh', async () => {
    const w = coalescedWorker();
    const owner = {};
    const reported: unknown[] = [];
    let fail = true;
    const round = async () => {
      await tick();
      if (fail) throw new Error('deadlock');
      return false;
    };
    await expect(w.run(owner, 'org', round, (e) => reported.push(e))).rejects.toThrow('deadlock');
    expect(reported).toHaveLength(1);
    fail = false;
    await expect(w.run(owner, 'org', round, (e) => reported.push(e))).resolves.toBeUndefined();
  });
});
