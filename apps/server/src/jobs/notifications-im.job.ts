import type { Config } from '../config';
import { createFieldCipher, type FieldCipher, resolveEncryptionKey } from '../lib/crypto';
import { sendDueImMessages } from '../modules/notifications/im-sender';
import type { JobDefinition } from './runner';

export const NOTIFICATIONS_IM_JOB = 'notifications-im';

let runNow: (() => void) | undefined;

/**
 * Asks for a run of the IM sender now, after a commit that queued group posts (notify() reports how many), instead
 * of at the next minute. A no-op in a process where no job runner works; the every-minute run sends them anyway.
 */
export function kickImSender(): void {
  runNow?.();
}

/**
 * Every minute: posts due IM group-bot messages (DingTalk, WeCom, Feishu) until none is due, with retries after 1,
 * 5, 15 and 60 minutes and then failed with the provider's error, visible in 通知发送记录. The webhooks are
 * encrypted, so the job reads the same key as the server (STRIDE_ENCRYPTION_KEY, or DATA_DIR/encryption.key),
 * when it first runs.
 */
export function notificationsImJob(
  config: Pick<Config, 'encryptionKey' | 'dataDir' | 'publicUrl'>,
  clock: () => Date = () => new Date(),
): JobDefinition {
  let cipher: FieldCipher | undefined;
  return {
    name: NOTIFICATIONS_IM_JOB,
    queue: { policy: 'stately', retryLimit: 2, retryDelay: 30, expireInSeconds: 10 * 60 },
    schedule: { cron: '* * * * *', tz: 'Asia/Shanghai' },
    bindRunNow: (fn) => {
      runNow = fn;
    },
    run: async (_data, { database, signal }) => {
      const getCipher = () => {
        cipher ??= createFieldCipher(resolveEncryptionKey(config));
        return cipher;
      };
      const total = { sent: 0, retried: 0, failed: 0 };
      for (let batch = 0; batch < 20 && !signal.aborted; batch++) {
        const r = await sendDueImMessages(database.db, getCipher, clock(), { publicUrl: config.publicUrl });
        total.sent += r.sent;
        total.retried += r.retried;
        total.failed += r.failed;
        if (r.sent + r.retried + r.failed === 0) break;
      }
      return total;
    },
  };
}
