import type { Locale } from '@stride/contracts';
import type { ImMessage } from './im-providers';
import { catalogKinds, renderNotification } from './messages';

// What a group bot posts: the notification rendered in the channel's language, with an absolute link to Stride
// when the server knows its public address (PUBLIC_URL).

const footer: Record<Locale, string> = { 'zh-CN': '来自 Stride', 'en-US': 'From Stride' };
const openLabel: Record<Locale, string> = { 'zh-CN': '在 Stride 中打开', 'en-US': 'Open in Stride' };

/** An app path made absolute with the public address; null without one (a bare path is no use in a chat). */
export function absoluteLink(publicUrl: string | undefined, link: string | null): string | null {
  if (!link) return null;
  if (/^https?:\/\//.test(link)) return link;
  return publicUrl ? `${publicUrl}${link.startsWith('/') ? '' : '/'}${link}` : null;
}

export function renderGroupMessage(
  payload: { kind: string; params: Record<string, unknown>; link: string | null },
  locale: Locale,
  publicUrl: string | undefined,
): ImMessage {
  const { title, body } = renderNotification(payload.kind, payload.params ?? {}, locale);
  const url = absoluteLink(publicUrl, payload.link);
  return {
    title,
    body: body || title,
    link: url ? { label: openLabel[locale], url } : null,
    footer: footer[locale],
  };
}

/** The kind recorded for a bot's test message in the delivery log. */
export const TEST_KIND = 'im.test';

export function renderTestMessage(channelName: string, locale: Locale, publicUrl: string | undefined): ImMessage {
  const url = absoluteLink(publicUrl, '/im-channels');
  return locale === 'zh-CN'
    ? {
        title: 'Stride 测试消息',
        body: `群机器人「${channelName}」已连接：Stride 的通知会发到这个群。`,
        link: url ? { label: openLabel[locale], url } : null,
        footer: footer[locale],
      }
    : {
        title: 'Stride test message',
        body: `The group bot “${channelName}” is connected: Stride's notifications will be posted to this group.`,
        link: url ? { label: openLabel[locale], url } : null,
        footer: footer[locale],
      };
}

/**
 * Kinds of producers whose texts are composed elsewhere (not in the messages catalog): the early-warning module's
 * alerts and behaviour feedback. Producers may add theirs with registerNotificationKinds; a bot may also carry any
 * kind typed in by hand, or all kinds (including ones added later), so nothing here limits what can be carried.
 */
const registered = new Set<string>(['alert.raised', 'alert.feedback']);

export function registerNotificationKinds(...kinds: string[]): void {
  for (const k of kinds) registered.add(k);
}

/** Every kind Stride knows about, sorted: the catalog's, the registered ones, and those given (e.g. in use). */
export function knownKinds(alsoInUse: Iterable<string> = []): string[] {
  return [...new Set([...catalogKinds(), ...registered, ...alsoInUse])].sort();
}
