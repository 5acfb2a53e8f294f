import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { instanceMeta } from '../db/schema';

/** AES-256-GCM field encryption. Stored form: "v1." + base64(iv[12] | tag[16] | ciphertext). */
export interface FieldCipher {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
  /** Keyed fingerprint (HMAC-SHA256 under a subkey): comparable, but useless without the key. */
  mac(data: string): string;
}

export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('Encryption key must be 32 bytes');
  const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'stride-mac-v1', 32));
  return {
    mac(data) {
      return createHmac('sha256', macKey).update(data).digest('hex');
    },
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
    },
    decrypt(stored) {
      if (!stored.startsWith('v1.')) throw new Error('Unknown ciphertext version');
      const buf = Buffer.from(stored.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The configured key, or in embedded mode a key generated once into DATA_DIR/encryption.key (mode 0600).
 * Losing that file makes the personal fields unreadable, so the README says to back it up with the data.
 */
export function resolveEncryptionKey(cfg: { encryptionKey?: string; dataDir: string }): Buffer {
  if (cfg.encryptionKey) return Buffer.from(cfg.encryptionKey, 'base64');
  const file = path.join(cfg.dataDir, 'encryption.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  mkdirSync(cfg.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export function sha256Hex(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Keeps the last `visible` characters: "**************123X". */
export function maskTail(value: string, visible = 4): string {
  if (value.length <= visible) return '*'.repeat(value.length);
  return '*'.repeat(value.length - visible) + value.slice(-visible);
}

/** JSON with object keys sorted at every level, so a hash over it does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * Refuses a key other than the one the database was first written with: starting with a wrong key
 * would make every personal field unreadable (and mix two keys in new writes).
 */
export async function checkEncryptionKey(db: Db, key: Buffer): Promise<{ ok: boolean }> {
  const fingerprint = createHmac('sha256', key).update('stride-encryption-key-check').digest('hex');
  await db.insert(instanceMeta).values({ key: 'encryption_key_fingerprint', value: fingerprint }).onConflictDoNothing();
  const [row] = await db.select().from(instanceMeta).where(eq(instanceMeta.key, 'encryption_key_fingerprint'));
  return { ok: row?.value === fingerprint };
}
