// Durability across a crash: activity acknowledged chunk by chunk survives `kill -9`, and resending the
// whole stream afterwards leaves exactly one copy of each fact. Runs a real server process on PGlite.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'stride-crash-'));
let child: ChildProcess | undefined;
let log = '';

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the server; resolves with its stdout once it listens. */
function start(port: number): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_MODE: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    child!.stdout!.on('data', (d) => {
      out += d;
      log += d;
      if (out.includes('Stride is running')) {
        clearTimeout(timer);
        setTimeout(() => resolve(out), 200);
      }
    });
    child!.stderr!.on('data', (d) => {
      out += d;
      log += d;
    });
    child!.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

const lines = (n: number, employeeNo: string) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      externalId: `CR-${i}`,
      type: 'call',
      employeeNo,
      occurredAt: '2026-03-05T10:00:00+08:00',
      quantity: 1,
    }),
  );

describe('crash during an NDJSON stream', () => {
  it('keeps what was acknowledged and never duplicates on resend', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const out = await start(port);
    const password = /password (\S+)/.exec(out)![1];
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const write = <T = unknown>(url: string, body: unknown): Promise<T> =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: base },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<T>);
    const units = (await fetch(`${base}/api/v1/org-units`, { headers: { cookie } }).then((r) => r.json())) as {
      items: { id: string }[];
    };
    const person = await write<{ id: string }>('/api/v1/employees', {
      employeeNo: 'E1',
      name: '测试',
      unitId: units.items[0].id,
      hireDate: '2025-01-01',
      contractType: 'open_ended',
      contractStartDate: '2025-01-01',
      status: 'regular',
    });
    const integ = await write<{ id: string }>('/api/v1/integrations', { name: 'CRM', source: 'crm' });
    const { key } = await write<{ key: string }>(`/api/v1/integrations/${integ.id}/keys`, { name: 'k' });
    const all = lines(9000, 'E1');

    // Send the first 5,000 lines, then keep the stream open: the server commits chunk by chunk.
    let push!: (s: string) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (s) => controller.enqueue(new TextEncoder().encode(s));
      },
    });
    const pending = fetch(`${base}/api/v1/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit).catch(() => null);
    push(`${all.slice(0, 5000).join('\n')}\n`);
    await new Promise((r) => setTimeout(r, 3000));
    child!.kill('SIGKILL');
    await pending;

    await start(port);
    const again = await fetch(`${base}/api/v1/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body: all.join('\n'),
    }).then((r) => r.json() as Promise<{ accepted: number; duplicates: number }>);
    expect(again.accepted + again.duplicates, `${JSON.stringify(again)}\n${log.slice(-3000)}`).toBe(9000);
    expect(again.duplicates).toBeGreaterThan(0);
    const login2 = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const cookie2 = login2.headers.get('set-cookie')!.split(';')[0];
    const page = await fetch(`${base}/api/v1/activities?limit=1`, { headers: { cookie: cookie2 } }).then(
      (r) => r.json() as Promise<{ total: number }>,
    );
    expect(page.total).toBe(9000);
    // Metric values recorded as owed before the crash were computed at restart or with the resend.
    const values = (await fetch(`${base}/api/v1/metric-values?employeeId=${person.id}&metric=calls`, {
      headers: { cookie: cookie2 },
    }).then((r) => r.json())) as { points: { periodStart: string; value: string }[] };
    expect(values.points).toContainEqual(expect.objectContaining({ periodStart: '2026-03-01', value: '9000.00' }));
  }, 240_000);
});
