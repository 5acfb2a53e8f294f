// Shared by the import tests: uploads take raw bytes, commits end in the background.
import { HOST, ORIGIN, type TestContext } from '../../../test/harness';

export async function uploadFile(
  ctx: TestContext,
  cookie: string,
  kind: string,
  filename: string,
  bytes: Buffer,
  contentType: string,
) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/imports?kind=${kind}&filename=${encodeURIComponent(filename)}`,
    headers: { host: HOST, origin: ORIGIN, cookie, 'content-type': contentType },
    payload: bytes,
  });
}

/** Polls the import until the background commit has ended. */
export async function settled(ctx: TestContext, cookie: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await ctx.request({ url: `/api/v1/imports/${id}`, cookie });
    const status = res.json().status;
    if (status === 'committed' || status === 'failed') return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('commit did not end');
}
