import { createHmac } from 'node:crypto';
import type { ImProvider } from '@stride/contracts';

// The three IM group-bot webhooks (自定义机器人): which addresses they live at, how a request is signed and
// shaped, and how each says "done". Pure apart from postToBot, which does the HTTP call.

/** A group message, already rendered in the channel's language. */
export interface ImMessage {
  title: string;
  /** Markdown-ish body: plain sentences, `**bold**`, line breaks. */
  body: string;
  link: { label: string; url: string } | null;
  /** A last line naming the sender: "来自 Stride". It also lets a bot's 自定义关键词 "Stride" match. */
  footer: string;
}

interface ProviderSpec {
  hosts: readonly string[];
  /** Where the bot's token sits in the address: a query parameter or the path. */
  hasToken(url: URL): boolean;
  signs: boolean;
  build(webhook: string, secret: string | null, message: ImMessage, signedAt: Date): { url: string; body: unknown };
  /** null when the provider accepted the message, else the error to keep. */
  outcome(status: number, body: unknown, text: string): string | null;
}

const hmacBase64 = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64');

/** DingTalk 加签: base64(HmacSHA256(key = secret, message = `${timestamp}\n${secret}`)), timestamp in ms. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return hmacBase64(secret, `${timestampMs}\n${secret}`);
}

/** Feishu 签名校验: base64(HmacSHA256(key = `${timestamp}\n${secret}`, message = empty)), timestamp in seconds. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return hmacBase64(`${timestampSeconds}\n${secret}`, '');
}

const snippet = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200);

/** DingTalk and WeCom answer HTTP 200 with `errcode` 0 on success, and HTTP 200 with another errcode on failure. */
function errcodeOutcome(status: number, body: unknown, text: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  const b = body as { errcode?: unknown; errmsg?: unknown } | null;
  if (!b || typeof b !== 'object' || b.errcode === undefined)
    return `HTTP ${status}: unexpected answer ${snippet(text)}`;
  if (b.errcode === 0) return null;
  return `errcode ${String(b.errcode)}: ${String(b.errmsg ?? '')}`.trim();
}

/** Caps a text at a byte length (WeCom: 4096 bytes of markdown), on a character boundary, marking the cut. */
function capBytes(text: string, max: number): string {
  const buf = Buffer.from(text);
  if (buf.length <= max) return text;
  // Decoding a cut buffer turns a partial last character into U+FFFD: drop it.
  const cut = buf
    .subarray(0, max - 3)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return `${cut}…`;
}

function markdown(message: ImMessage, heading: string): string {
  const lines = [`${heading}${message.title}`, '', message.body.replace(/\n/g, '\n\n')];
  if (message.link) lines.push('', `[${message.link.label}](${message.link.url})`);
  lines.push('', `> ${message.footer}`);
  return lines.join('\n');
}

const specs: Record<ImProvider, ProviderSpec> = {
  dingtalk: {
    hosts: ['oapi.dingtalk.com'],
    hasToken: (url) => Boolean(url.searchParams.get('access_token')),
    signs: true,
    build(webhook, secret, message, signedAt) {
      const url = new URL(webhook);
      if (secret) {
        const timestamp = signedAt.getTime();
        url.searchParams.set('timestamp', String(timestamp));
        // URLSearchParams percent-encodes the base64 (+ / =), which is the urlEncode DingTalk asks for.
        url.searchParams.set('sign', dingtalkSign(secret, timestamp));
      }
      return {
        url: url.toString(),
        body: {
          msgtype: 'markdown',
          markdown: { title: message.title.slice(0, 100), text: capBytes(markdown(message, '#### '), 18_000) },
        },
      };
    },
    outcome: errcodeOutcome,
  },
  wecom: {
    hosts: ['qyapi.weixin.qq.com'],
    hasToken: (url) => Boolean(url.searchParams.get('key')),
    signs: false,
    build(webhook, _secret, message) {
      return {
        url: webhook,
        body: { msgtype: 'markdown', markdown: { content: capBytes(markdown(message, '### '), 4096) } },
      };
    },
    outcome: errcodeOutcome,
  },
  feishu: {
    hosts: ['open.feishu.cn', 'open.larksuite.com'],
    hasToken: (url) => /^\/open-apis\/bot\/v2\/hook\/[^/]+/.test(url.pathname),
    signs: true,
    build(webhook, secret, message, signedAt) {
      const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content: capBytes(message.body, 12_000) } }];
      if (message.link) {
        elements.push({
          tag: 'action',
          actions: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: message.link.label },
              type: 'primary',
              url: message.link.url,
            },
          ],
        });
      }
      elements.push({ tag: 'note', elements: [{ tag: 'plain_text', content: message.footer }] });
      const body: Record<string, unknown> = {
        msg_type: 'interactive',
        card: {
          config: { wide_screen_mode: true },
          header: { title: { tag: 'plain_text', content: message.title.slice(0, 100) }, template: 'blue' },
          elements,
        },
      };
      if (secret) {
        const timestamp = Math.floor(signedAt.getTime() / 1000);
        body.timestamp = String(timestamp);
        body.sign = feishuSign(secret, timestamp);
      }
      return { url: webhook, body };
    },
    outcome(status, body, text) {
      if (status < 200 || status >= 300) return `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
      const b = body as { code?: unknown; msg?: unknown; StatusCode?: unknown; StatusMessage?: unknown } | null;
      if (!b || typeof b !== 'object') return `HTTP ${status}: unexpected answer ${snippet(text)}`;
      // The current answer carries `code`; older bots answer `StatusCode` (both 0 on success).
      if (b.code !== undefined) return b.code === 0 ? null : `code ${String(b.code)}: ${String(b.msg ?? '')}`.trim();
      if (b.StatusCode !== undefined) {
        return b.StatusCode === 0
          ? null
          : `StatusCode ${String(b.StatusCode)}: ${String(b.StatusMessage ?? '')}`.trim();
      }
      return `HTTP ${status}: unexpected answer ${snippet(text)}`;
    },
  },
};

export const providerSigns = (provider: ImProvider) => specs[provider].signs;

/**
 * Checks a webhook address for a provider: https on the provider's own host with the bot's token in it. Hosts in
 * `allowHosts` (IM_WEBHOOK_ALLOW_HOSTS: a relay, a test stub; "host" or "host:port") pass for any provider, over
 * http too. Returns the address normalized, or a field error code.
 */
export function checkWebhook(
  provider: ImProvider,
  raw: string,
  allowHosts: readonly string[],
): { url: string } | { error: 'IM_WEBHOOK_INVALID' | 'IM_WEBHOOK_HTTPS' | 'IM_WEBHOOK_HOST' | 'IM_WEBHOOK_TOKEN' } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { error: 'IM_WEBHOOK_INVALID' };
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    return { error: 'IM_WEBHOOK_INVALID' };
  }
  url.hash = '';
  const host = url.hostname.toLowerCase();
  if (allowHosts.includes(host) || allowHosts.includes(url.host.toLowerCase())) return { url: url.toString() };
  if (url.protocol !== 'https:') return { error: 'IM_WEBHOOK_HTTPS' };
  if (!specs[provider].hosts.includes(host) || url.port) return { error: 'IM_WEBHOOK_HOST' };
  if (!specs[provider].hasToken(url)) return { error: 'IM_WEBHOOK_TOKEN' };
  return { url: url.toString() };
}

const maskPart = (v: string) => (v.length <= 4 ? '****' : `****${v.slice(-4)}`);

/** The address with its token hidden: every query value and every long path segment keeps its last 4 characters. */
export function maskWebhook(webhook: string): string {
  const url = new URL(webhook);
  const path = url.pathname
    .split('/')
    .map((seg) => (seg.length > 12 ? maskPart(seg) : seg))
    .join('/');
  const query = [...url.searchParams.entries()].map(([k, v]) => `${k}=${maskPart(v)}`).join('&');
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`;
}

export interface PostOptions {
  timeoutMs: number;
  /** When the request is signed: the wall clock, since the provider checks the timestamp against its own. */
  signedAt?: Date;
}

/**
 * Posts one message to a bot. Resolves with null when the provider accepted it, else with the error to keep
 * (HTTP status, the provider's errcode/code and message, a network error or the timeout). Never throws, and
 * never puts the webhook (its token) into the error.
 */
export async function postToBot(
  bot: { provider: ImProvider; webhook: string; secret: string | null },
  message: ImMessage,
  opts: PostOptions,
): Promise<string | null> {
  const spec = specs[bot.provider];
  const { url, body } = spec.build(bot.webhook, spec.signs ? bot.secret : null, message, opts.signedAt ?? new Date());
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
      // A bot never redirects; following one could lead anywhere.
      redirect: 'error',
    });
  } catch (err) {
    return networkError(err, opts.timeoutMs);
  }
  let text = '';
  try {
    text = await res.text();
  } catch (err) {
    return networkError(err, opts.timeoutMs);
  }
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return spec.outcome(res.status, parsed, text);
}

function networkError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}
