import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../../ports/secret-store';
import { correctIfPresent, newFolderPrivate, privateFile } from '../../sqlite/private-files';

const SecretsSchema = z.record(z.string(), z.string());

/**
 * Secrets for the headless host, in a file only this OS user can read (0600, corrected when
 * the store is opened, in case an earlier version or a copy left it readable), written whole
 * through a temporary file so that a crash never leaves half a token.
 */
export class FileSecretStore implements SecretStore {
  readonly file: string;

  constructor(folder: string) {
    this.file = join(folder, 'secrets.json');
    correctIfPresent(this.file);
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
    newFolderPrivate(dirname(this.file));
    const temporary = `${this.file}.tmp`;
    // Private before the token is in it: a temporary file left by a crash may have another mode.
    privateFile(temporary);
    writeFileSync(temporary, JSON.stringify(next));
    renameSync(temporary, this.file);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const parsed = SecretsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success) throw new Error(`${this.file} is not a secrets file this version can read.`);
    return parsed.data;
  }
}
