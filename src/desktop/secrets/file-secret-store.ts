import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../../ports/secret-store';

const SecretsSchema = z.record(z.string(), z.string());

/**
 * Secrets for the headless host, in a file only this OS user can read (0600), written whole
 * through a temporary file so that a crash never leaves half a token.
 */
export class FileSecretStore implements SecretStore {
  readonly file: string;

  constructor(folder: string) {
    this.file = join(folder, 'secrets.json');
  }

  get(name: string): string | null {
    return this.read()[name] ?? null;
  }

  set(name: string, value: string): void {
    this.write({ ...this.read(), [name]: value });
  }

  remove(name: string): void {
    const { [name]: _gone, ...rest } = this.read();
    this.write(rest);
  }

  private write(next: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(next), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const parsed = SecretsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success) throw new Error(`${this.file} is not a secrets file this version can read.`);
    return parsed.data;
  }
}
