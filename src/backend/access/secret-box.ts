import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { keyFile } from './key-file';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The first byte of every box: which scheme sealed it, so that a later one can be told apart. */
const VERSION = 1;

/**
 * Secrets at rest (channels' access tokens, app secrets, auth tokens): AES-256-GCM with a fresh
 * 96-bit nonce per box, bound to what it belongs to (`context`, e.g. the channel's id) as
 * additional data, so that a box copied onto another row does not open there.
 *
 * The key: AFTERSALES_SECRET_KEY (32 bytes, base64) when set — several backends on one
 * database share it — else secret.key in the data folder, readable by the backend's user
 * only, made on first start. A database copied without its key holds no readable secret.
 */
export class SecretBox {
  private loaded: Buffer | null = null;

  private constructor(private readonly load: () => Buffer) {}

  /** The key is read (or made) at the first secret sealed or opened: a backend without channels needs none. */
  static fromEnvironment(encoded: string | undefined, dataFolder: string): SecretBox {
    if (encoded !== undefined) {
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== KEY_BYTES) throw new Error(`AFTERSALES_SECRET_KEY must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32).`);
      return new SecretBox(() => key);
    }
    return new SecretBox(() => keyFile(join(dataFolder, 'secret.key'), KEY_BYTES, 'base64'));
  }

  private get key(): Buffer {
    this.loaded ??= this.load();
    return this.loaded;
  }

  seal(plain: string, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  /** Throws when the box was not sealed with this key for this context, or was changed. */
  open(box: Buffer, context: string): string {
    if (box.length < 1 + IV_BYTES + TAG_BYTES || box[0] !== VERSION) throw new Error('Not a sealed secret of this backend.');
    const iv = box.subarray(1, 1 + IV_BYTES);
    const tag = box.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(box.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('A stored secret could not be opened: it was sealed with another key (AFTERSALES_SECRET_KEY or secret.key) or changed.');
    }
  }
}

