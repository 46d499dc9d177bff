/** A file in a drop folder as a listing shows it. */
export interface RemoteFile {
  name: string;
  size: number;
  /** The modification time as the server lists it; only compared with itself between two listings. */
  modified: string;
}

/**
 * The port a file drop reads through: one session on an SFTP or FTP server. Paths are the
 * server's, joined with "/".
 */
export interface RemoteFolder {
  list(folder: string): Promise<RemoteFile[]>;
  exists(path: string): Promise<boolean>;
  read(path: string): Promise<Buffer>;
  /** Moves a file, creating the target folder when it is missing. */
  move(from: string, toFolder: string, toName: string): Promise<void>;
  remove(path: string): Promise<void>;
  close(): Promise<void>;
}

export function joinPath(folder: string, name: string): string {
  return `${folder.replace(/\/+$/, '')}/${name}`;
}
