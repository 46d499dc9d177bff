import { createHash } from 'node:crypto';
import SftpClient from 'ssh2-sftp-client';
import type { SourceSettings } from '../../../api/sources';
import { SourceFailure } from '../connector';
import { failureWords } from '../failure-words';
import { joinPath, type RemoteFile, type RemoteFolder } from './remote-folder';

type SftpSettings = Extract<SourceSettings, { kind: 'sftp' }>;

/** The secret is a password, or an OpenSSH private key when it looks like one. */
function credentialsOf(secret: string): { password: string } | { privateKey: string } {
  return secret.trimStart().startsWith('-----BEGIN') ? { privateKey: secret } : { password: secret };
}

/**
 * Opens an SFTP session. The server's host key is checked against the one learned at the first
 * connection (`hostKey`); `learned` receives it when there was none yet.
 */
export async function openSftpFolder(settings: SftpSettings, secret: string, timeoutMs: number, learned: (hostKey: string) => void): Promise<RemoteFolder> {
  const client = new SftpClient('aftersales-drop');
  let seenKey: string | null = null;
  try {
    await client.connect({
      host: settings.host,
      port: settings.port,
      username: settings.username,
      ...credentialsOf(secret),
      readyTimeout: timeoutMs,
      retries: 0,
      hostVerifier: (key: Buffer) => {
        seenKey = createHash('sha256').update(key).digest('base64');
        return settings.hostKey === null || settings.hostKey === seenKey;
      },
    });
  } catch (error) {
    await client.end().catch(() => undefined);
    if (seenKey && settings.hostKey && seenKey !== settings.hostKey) {
      throw new SourceFailure(`The SFTP server's host key changed (now SHA256:${seenKey}); if the server was really replaced, clear the key in Settings.`);
    }
    throw new SourceFailure(`SFTP ${settings.host}: ${sftpWords(error)}`);
  }
  if (seenKey && settings.hostKey === null) learned(seenKey);
  // Many small SFTP requests in turn: Nagle's algorithm would hold each one back.
  (client as unknown as { client: { setNoDelay(on: boolean): void } }).client.setNoDelay(true);

  const run = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw new SourceFailure(`SFTP ${what}: ${sftpWords(error)}`);
    }
  };
  return {
    list: (folder) =>
      run(`folder ${folder}`, async () =>
        (await client.list(folder))
          .filter((f) => f.type === '-')
          .map((f): RemoteFile => ({ name: f.name, size: f.size, modified: String(f.modifyTime) })),
      ),
    exists: (path) => run(path, async () => (await client.exists(path)) !== false),
    read: (path) =>
      run(`file ${path}`, async () => {
        const data = await client.get(path);
        // The client gathers a file with concat-stream, which gives an empty array, not an
        // empty Buffer, for a file of 0 bytes: that file is read as empty, and refused as such.
        return Array.isArray(data) && data.length === 0 ? Buffer.alloc(0) : (data as Buffer);
      }),
    move: (from, toFolder, toName) =>
      run(`move to ${toFolder}`, async () => {
        if ((await client.exists(toFolder)) === false) await client.mkdir(toFolder, true);
        await client.rename(from, joinPath(toFolder, toName));
      }),
    remove: (path) => run(`remove ${path}`, async () => void (await client.delete(path, true))),
    close: async () => void (await client.end().catch(() => undefined)),
  };
}

function sftpWords(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/authentication methods failed|auth.*fail/i.test(message)) return 'the user name or password (key) was refused.';
  if (/no such file/i.test(message)) return 'no such folder or file.';
  if (/permission denied/i.test(message)) return 'permission denied.';
  if (/timed out/i.test(message)) return 'the server did not answer in time.';
  if (/ENOTFOUND|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN/.test(message)) {
    const code = /(ENOTFOUND|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN)/.exec(message)![1];
    return failureWords({ code });
  }
  return failureWords(error);
}
