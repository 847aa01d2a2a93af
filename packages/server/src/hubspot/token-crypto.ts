import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HttpError } from '../http-error.js';

const VERSION = 'v1';

/**
 * Encrypts a secret for storage with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 * `context` (e.g. the portal id) is authenticated, so a ciphertext copied to another row fails.
 */
export function encryptSecret(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/**
 * Decrypts a value from {@link encryptSecret}.
 * @throws HttpError 500 `hubspot/token-undecryptable` when the key or context does not match.
 */
export function decryptSecret(stored: string, key: Buffer, context: string): string {
  const [version, iv, tag, data] = stored.split('.');
  try {
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new HttpError(
      500,
      'hubspot/token-undecryptable',
      'a stored HubSpot token cannot be decrypted with the configured key',
    );
  }
}
