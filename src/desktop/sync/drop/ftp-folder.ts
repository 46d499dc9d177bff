import { Writable } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { Client, FTPError } from 'basic-ftp';
import type { CertificateInfo, SourceSettings } from '../../../api/sources';
import { rootShownBy, trustOptions } from '../trusted-certificate';
import { SourceFailure } from '../connector';
import { failureWords } from '../failure-words';
import { joinPath, type RemoteFile, type RemoteFolder } from './remote-folder';

type FtpSettings = Extract<SourceSettings, { kind: 'ftp' }>;

/** Opens an FTP or FTPS session (explicit AUTH TLS, implicit TLS, or plain on a trusted LAN). */
export async function openFtpFolder(settings: FtpSettings, secret: string, timeoutMs: number): Promise<RemoteFolder> {
  const client = new Client(timeoutMs);
  try {
    await client.access({
      host: settings.host,
      port: settings.port,
      user: settings.username,
      password: secret,
      secure: settings.tls === 'none' ? false : settings.tls === 'implicit' ? 'implicit' : true,
      secureOptions: trustOptions(settings.trustedCertificate),
    });
  } catch (error) {
    client.close();
    throw new SourceFailure(`FTP ${settings.host}: ${ftpWords(error)}`, { cause: error });
  }
  // One command at a time on an FTP control connection: calls are queued.
  let queue: Promise<unknown> = Promise.resolve();
  const run = <T>(what: string, action: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      try {
        return await action();
      } catch (error) {
        throw new SourceFailure(`FTP ${what}: ${ftpWords(error)}`);
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    list: (folder) =>
      run(`folder ${folder}`, async () =>
        (await client.list(folder))
          .filter((f) => f.isFile)
          .map((f): RemoteFile => ({ name: f.name, size: f.size, modified: f.modifiedAt?.toISOString() ?? f.rawModifiedAt })),
      ),
    exists: (path) =>
      run(path, async () => {
        try {
          await client.size(path);
          return true;
        } catch (error) {
          if (error instanceof FTPError && error.code === 550) return false;
          throw error;
        }
      }),
    read: (path) =>
      run(`file ${path}`, async () => {
        const chunks: Buffer[] = [];
        const sink = new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
        });
        await client.downloadTo(sink, path);
        return Buffer.concat(chunks);
      }),
    move: (from, toFolder, toName) =>
      run(`move to ${toFolder}`, async () => {
        await client.ensureDir(toFolder);
        await client.cd('/');
        await client.rename(from, joinPath(toFolder, toName));
      }),
    remove: (path) => run(`remove ${path}`, async () => void (await client.remove(path))),
    close: async () => client.close(),
  };
}

/** The certificate an FTPS server shows on its control connection (after AUTH TLS, or at once when implicit). */
export async function ftpCertificate(settings: FtpSettings, timeoutMs: number): Promise<CertificateInfo | null> {
  if (settings.tls === 'none') return null;
  const client = new Client(timeoutMs);
  try {
    if (settings.tls === 'implicit') await client.connectImplicitTLS(settings.host, settings.port, { rejectUnauthorized: false });
    else {
      await client.connect(settings.host, settings.port);
      await client.useTLS({ rejectUnauthorized: false, host: settings.host });
    }
    return client.ftp.socket instanceof TLSSocket ? rootShownBy(client.ftp.socket) : null;
  } catch {
    return null;
  } finally {
    client.close();
  }
}

function ftpWords(error: unknown): string {
  if (error instanceof FTPError) {
    if (error.code === 530) return 'the user name or password was refused.';
    if (error.code === 550) return 'no such folder or file (or no permission).';
    return `the server answered ${error.code}: ${error.message}`;
  }
  return failureWords(error);
}
