// Bundles the Electron shell: main process and preload, each one CommonJS file in dist/main.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  // Native modules (better-sqlite3, Argon2 for PINs, and the SFTP client that loads ssh2's optional native crypto) stay in node_modules;
  // electron-builder.yml unpacks them from the asar (tests/unit/electron-builder-config.test.ts holds the two lists together).
  // electron-updater is plain JavaScript and goes into the bundle with the platform's updater (NSIS, AppImage, deb).
  external: ['electron', 'better-sqlite3', 'ssh2-sftp-client', 'ssh2', 'cpu-features', '@node-rs/argon2'],
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist/main/main.cjs' });
await build({ ...common, entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] });
