import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import FtpSrv from 'ftp-srv';

const quiet = { info() {}, debug() {}, trace() {}, warn() {}, error() {}, child() { return quiet; } };

/** A real FTP server on 127.0.0.1 (ftp-srv) over a temporary folder, with one user. */
export async function startFtpServer(credentials: { username: string; password: string }) {
  const root = mkdtempSync(join(tmpdir(), 'aftersales-ftp-'));
  const server = new FtpSrv({ url: 'ftp://127.0.0.1:0', pasv_url: '127.0.0.1', pasv_min: 41000, pasv_max: 41999, anonymous: false, log: quiet as never });
  server.on('login', ({ username, password }, resolve, reject) =>
    username === credentials.username && password === credentials.password ? resolve({ root }) : reject(new Error('Login incorrect')),
  );
  await server.listen();
  const port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
  const local = (path: string) => join(root, posix.normalize(`/${path}`));
  return {
    host: '127.0.0.1',
    port,
    mkdir: (folder: string) => mkdirSync(local(folder), { recursive: true }),
    files: (folder: string) => {
      try {
        return readdirSync(local(folder)).sort();
      } catch {
        return [];
      }
    },
    close: () => server.close(),
  };
}
