import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ssh2 from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

function attrsOf(stats: Stats) {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function longnameOf(name: string, stats: Stats): string {
  return `${stats.isDirectory() ? 'd' : '-'}rw-r--r-- 1 dealer dealer ${stats.size} Nov 25 10:00 ${name}`;
}

/**
 * A real SFTP server on 127.0.0.1 (the ssh2 package's server) over a temporary folder: password
 * sign-in, and the requests a file-drop client makes (list, stat, read, write, rename, mkdir,
 * remove). Tests upload to it through a real SFTP client.
 */
export async function startSftpServer(credentials: { username: string; password: string }) {
  const root = mkdtempSync(join(tmpdir(), 'aftersales-sftp-'));
  // Node's own ECDSA key, not ssh2's ed25519 generator: that one makes a key its own parser
  // refuses about once in 256 ("Malformed OpenSSH private key", mscdex/ssh2#1513).
  const hostKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const local = (path: string) => join(root, posix.normalize(`/${path}`));

  const server = new Server({ hostKeys: [hostKey.privateKey] }, (client) => {
    // The server answers many small requests in turn: without this each waits on Nagle's algorithm.
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === credentials.username && ctx.password === credentials.password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('error', () => undefined);
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd?: number; dir?: string; listed?: boolean }>();
          let nextHandle = 1;
          const handleOf = (buffer: Buffer) => handles.get(buffer.readUInt32BE(0));
          const newHandle = (value: { fd?: number; dir?: string }) => {
            const h = Buffer.alloc(4);
            h.writeUInt32BE(nextHandle);
            handles.set(nextHandle++, value);
            return h;
          };
          const guard = (reqid: number, action: () => void) => {
            try {
              action();
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE);
            }
          };
          sftp.on('REALPATH', (reqid, path) => {
            const normal = posix.normalize(`/${path}`);
            sftp.name(reqid, [{ filename: normal, longname: normal, attrs: {} as never }]);
          });
          const stat = (reqid: number, path: string) => guard(reqid, () => sftp.attrs(reqid, attrsOf(statSync(local(path)))));
          sftp.on('STAT', stat);
          sftp.on('LSTAT', stat);
          sftp.on('FSTAT', (reqid, handle) => guard(reqid, () => sftp.attrs(reqid, attrsOf(fstatSync(handleOf(handle)!.fd!)))));
          sftp.on('OPENDIR', (reqid, path) =>
            guard(reqid, () => {
              if (!statSync(local(path)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOENT' });
              sftp.handle(reqid, newHandle({ dir: local(path) }));
            }),
          );
          sftp.on('READDIR', (reqid, handle) =>
            guard(reqid, () => {
              const h = handleOf(handle)!;
              if (h.listed) return sftp.status(reqid, STATUS_CODE.EOF);
              h.listed = true;
              const entries = readdirSync(h.dir!).map((name) => {
                const stats = statSync(join(h.dir!, name));
                return { filename: name, longname: longnameOf(name, stats), attrs: attrsOf(stats) };
              });
              return entries.length ? sftp.name(reqid, entries) : sftp.status(reqid, STATUS_CODE.EOF);
            }),
          );
          sftp.on('OPEN', (reqid, filename, flags) =>
            guard(reqid, () => sftp.handle(reqid, newHandle({ fd: openSync(local(filename), utils.sftp.flagsToString(flags) ?? 'r') }))),
          );
          sftp.on('READ', (reqid, handle, offset, length) =>
            guard(reqid, () => {
              const buffer = Buffer.alloc(length);
              const read = readSync(handleOf(handle)!.fd!, buffer, 0, length, offset);
              return read === 0 ? sftp.status(reqid, STATUS_CODE.EOF) : sftp.data(reqid, buffer.subarray(0, read));
            }),
          );
          sftp.on('WRITE', (reqid, handle, offset, data) =>
            guard(reqid, () => {
              writeSync(handleOf(handle)!.fd!, data, 0, data.length, offset);
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
          sftp.on('CLOSE', (reqid, handle) =>
            guard(reqid, () => {
              const h = handleOf(handle);
              if (h?.fd !== undefined) closeSync(h.fd);
              handles.delete(handle.readUInt32BE(0));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
          const ok = (reqid: number, action: () => void) => guard(reqid, () => (action(), sftp.status(reqid, STATUS_CODE.OK)));
          sftp.on('RENAME', (reqid, from, to) => ok(reqid, () => renameSync(local(from), local(to))));
          sftp.on('MKDIR', (reqid, path) => ok(reqid, () => mkdirSync(local(path))));
          sftp.on('RMDIR', (reqid, path) => ok(reqid, () => rmdirSync(local(path))));
          sftp.on('REMOVE', (reqid, path) => ok(reqid, () => unlinkSync(local(path))));
          sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
          sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    root,
    /** The folder's files on disk, to check what was archived where. */
    files: (folder: string) => {
      try {
        return readdirSync(local(folder)).sort();
      } catch {
        return [];
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
