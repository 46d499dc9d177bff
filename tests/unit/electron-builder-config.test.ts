import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { load as loadYaml } from 'js-yaml';

/**
 * electron-builder cannot package here (no Electron binary), so its configuration is checked as
 * far as it can be without it: against electron-builder's own JSON schema (a misspelt key fails),
 * and for what the issue asks of it.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const config = loadYaml(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
// The schema is electron-builder's, generated from its TypeScript types: it carries keywords ajv's strict mode does not know.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function problems(candidate: unknown): string[] {
  return validate(candidate) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s own schema', () => {
    assert.deepEqual(problems(config), []);
  });

  it('would fail the schema with a misspelt key, so the check above can fail', () => {
    assert.notDeepEqual(problems({ ...config, nsis: { ...config.nsis, perMachin: true } }), []);
    assert.notDeepEqual(problems({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } }), []);
    assert.notDeepEqual(problems({ ...config, publsh: config.publish }), []);
  });

  it('sets the fuses exactly as the security checklist says', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds the assisted NSIS installer (per user or per machine, folder to choose) and AppImage and deb', () => {
    assert.deepEqual(config.win.target.map((t: { target: string }) => t.target), ['nsis']);
    assert.deepEqual(config.linux.target.map((t: { target: string }) => t.target), ['AppImage', 'deb']);
    assert.equal(config.nsis.oneClick, false);
    assert.equal(config.nsis.perMachine, false);
    assert.equal(config.nsis.allowElevation, true);
    assert.equal(config.nsis.allowToChangeInstallationDirectory, true);
  });

  it('puts the version in every artifact\'s name, without spaces (they end up in the feed\'s URLs)', () => {
    for (const name of [config.artifactName, config.nsis.artifactName]) {
      assert.match(name, /\$\{version\}/);
      assert.doesNotMatch(name, /\s|\$\{productName\}/);
    }
  });

  it('publishes to a generic feed whose address IT gives at build time', () => {
    assert.deepEqual(config.publish, [{ provider: 'generic', url: '${env.AFTERSALES_UPDATE_URL}' }]);
    assert.equal(config.generateUpdatesFilesForAllChannels, true);
  });

  it('has its icons, drawn and rendered large enough for the Windows .ico (256) and Linux (512)', () => {
    for (const [file, size] of [['512x512.png', 512], ['256x256.png', 256]] as const) {
      const png = readFileSync(join(ROOT, 'resources', 'icons', file));
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size], file);
    }
    assert.equal(config.win.icon, 'resources/icons/512x512.png');
    assert.equal(config.linux.icon, 'resources/icons');
  });

  it('ships every folder of resources/ that the main process reads at run time (the demo\'s sample files, the tray and badge images)', () => {
    const shipped = (config.extraResources as Array<{ from: string; to: string }>).map((entry) => entry.from);
    for (const folder of ['resources/sample', 'resources/badges']) {
      assert.ok(shipped.includes(folder), `${folder} is not in extraResources`);
      assert.ok(readdirSync(join(ROOT, folder)).length > 0, `${folder} is empty`);
    }
  });

  it('unpacks from the asar every native module the bundled main process loads from node_modules', () => {
    // scripts/build-main.mjs keeps these out of the bundle; the native ones must be real files beside the asar.
    const buildScript = readFileSync(join(ROOT, 'scripts', 'build-main.mjs'), 'utf8');
    const externals = JSON.parse(
      (/external: (\[[^\]]*\])/.exec(buildScript)?.[1] ?? assert.fail('build-main.mjs names its externals')).replaceAll("'", '"'),
    ) as string[];
    const unpacked = (config.asarUnpack as string[]).map((pattern) => pattern.replace(/\/\*\*$/, ''));
    const hasNativeCode = (folder: string): boolean =>
      readdirSync(folder).some((entry) => {
        const path = join(folder, entry);
        if (entry === 'node_modules') return false;
        return entry.endsWith('.node') || entry === 'binding.gyp' || (statSync(path).isDirectory() && hasNativeCode(path));
      });
    // A module's binary may be its own or in a platform package among its optional dependencies (@node-rs/argon2-linux-x64-gnu).
    const withPlatformPackages = (name: string): string[] => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
      return [name, ...Object.keys(manifest.optionalDependencies ?? {}).filter((dependency) => existsSync(join(ROOT, 'node_modules', dependency)))];
    };
    const native = externals
      .filter((name) => name !== 'electron')
      .flatMap(withPlatformPackages)
      .filter((name) => hasNativeCode(join(ROOT, 'node_modules', name)));
    assert.ok(['better-sqlite3', 'ssh2', 'cpu-features'].every((name) => native.includes(name)), native.join(', '));
    assert.ok(native.some((name) => name.startsWith('@node-rs/argon2-')), native.join(', '));
    for (const name of native) {
      assert.ok(
        unpacked.some((pattern) => `node_modules/${name}` === pattern || `node_modules/${name}`.startsWith(`${pattern}/`)),
        `${name} is native and must be in asarUnpack`,
      );
    }
  });
});
