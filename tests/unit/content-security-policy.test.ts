import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../src/desktop/host/security-headers';
import { appProtocolResponse, bundleFile } from '../../src/shell/app-protocol';
import { WallSettingsSchema } from '../../src/api/wall';
import type { DesktopCore } from '../../src/desktop/core';
import { startHeadlessHost, type RunningHost } from '../../src/desktop/host/headless-host';
import { RENDERER_DIR, silentLogger, startCore } from '../support/desktop';

/** The policy as a browser reads it: directive → its sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!map.has(name.toLowerCase()), `${name} is given twice: a browser keeps only the first`);
    map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe("the renderer's Content Security Policy", () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it("runs only the bundle's own scripts: script-src 'self', no eval, no inline script, no other source", () => {
    assert.deepEqual(policy.get('script-src'), ["'self'"]);
    assert.deepEqual(policy.get('default-src'), ["'self'"]);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/);
    for (const [name, sources] of policy) {
      if (name !== 'style-src') assert.ok(!sources.includes("'unsafe-inline'"), `${name} allows inline code`);
      for (const source of sources) assert.ok(!/^\*|^https?:$|^wss?:$/.test(source), `${name} allows any host (${source})`);
    }
  });

  it('embeds no plug-in, is framed by no page, rebases no link, posts no form', () => {
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'none'"]);
    assert.deepEqual(policy.get('form-action'), ["'none'"]);
  });

  it('connects to its own origin only (the headless host’s BoardApi socket; the Electron shell talks over IPC)', () => {
    assert.deepEqual(policy.get('connect-src'), ["'self'"]);
  });

  it("passes Google's CSP Evaluator (the one electronegativity runs) with no finding of high or medium severity", () => {
    // A dependency of @doyensec/electronegativity, loaded from it as it loads it; it ships no types.
    const csp = createRequire(import.meta.url)('@doyensec/csp-evaluator');
    const findings: Array<{ severity: number; directive: string; description: string }> = new csp.CspEvaluator(
      new csp.CspParser(CONTENT_SECURITY_POLICY).csp,
      csp.Version.CSP3,
    ).evaluate();
    const { HIGH, SYNTAX, MEDIUM, HIGH_MAYBE } = csp.severities;
    const serious = findings.filter((f) => [HIGH, SYNTAX, MEDIUM, HIGH_MAYBE].includes(f.severity));
    assert.deepEqual(serious.map((f) => `${f.directive}: ${f.description}`), []);
  });
});

describe('the headless host sends the policy with every answer (over real HTTP)', () => {
  let core: DesktopCore;
  let host: RunningHost;
  before(async () => {
    core = startCore({ sample: false });
    // A host that serves the wall screen too, so that its page is checked beside the board's.
    host = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger, wall: WallSettingsSchema.parse({}) });
  });
  after(async () => {
    await host.close();
    core.close();
  });

  for (const [page, address] of [
    ['the board', () => host.url],
    ['the wall', () => host.wallUrl!],
    ['/', () => new URL('/', host.url).href],
    ['a missing file', () => new URL('/no-such-file.js', host.url).href],
    ['the BoardApi asked as a page', () => new URL('/api', host.url).href],
  ] as const) {
    it(`on ${page}`, async () => {
      const response = await fetch(address());
      await response.arrayBuffer();
      if (page === 'the board' || page === 'the wall' || page === '/') assert.equal(response.status, 200, page);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(response.headers.get(name), value, `${page}: ${name}`);
    });
  }
});

describe("Electron's app:// protocol sends the same policy and serves only the bundle", () => {
  const root = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  const bundle = join(root, 'renderer');
  mkdirSync(join(bundle, 'assets'), { recursive: true });
  writeFileSync(join(bundle, 'index.html'), '<!doctype html><title>Board</title>');
  writeFileSync(join(bundle, 'assets', 'main.js'), 'console.log(1)');
  writeFileSync(join(root, 'secrets.bin.json'), '{"backendToken":"x"}');
  /** Reads a file: URL from the disk, as Electron's net.fetch does in the shell. */
  const readFileUrl = async (fileUrl: string) => new Response(await readFile(fileURLToPath(fileUrl)), { headers: { 'content-type': 'application/octet-stream' } });

  it('answers a file of the bundle with its bytes and every security header', async () => {
    const response = await appProtocolResponse(bundle, 'app://board/index.html', readFileUrl);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '<!doctype html><title>Board</title>');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(response.headers.get(name), value, name);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  });

  it('answers 404, with the headers too, for what is missing, outside the bundle or on another host', async () => {
    for (const address of [
      'app://board/missing.js',
      'app://board/../secrets.bin.json',
      'app://board/%2e%2e/secrets.bin.json',
      'app://board/assets/..%2f..%2fsecrets.bin.json',
      'app://board/%252e%252e/secrets.bin.json',
      'app://other/index.html',
      'app://board/%E0%A4%A',
    ]) {
      const response = await appProtocolResponse(bundle, address, readFileUrl);
      assert.equal(response.status, 404, address);
      assert.equal(await response.text(), 'Not found', address);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, address);
    }
  });

  it('maps an address to a file of the bundle, never above it', () => {
    assert.equal(bundleFile(bundle, 'app://board/assets/main.js'), join(bundle, 'assets', 'main.js'));
    assert.equal(bundleFile(bundle, 'app://board/assets/../index.html'), join(bundle, 'index.html'));
    // The parser takes an encoded ".." as a dot segment at the root, where it stays: still the bundle's folder.
    assert.equal(bundleFile(bundle, 'app://board/%2e%2e/secrets.bin.json'), join(bundle, 'secrets.bin.json'));
    // An encoded slash is no segment to the parser, but decoded it would climb out: refused.
    assert.equal(bundleFile(bundle, 'app://board/assets/..%2f..%2fsecrets.bin.json'), null);
    // A sibling folder whose name starts with the bundle's ("renderer-other") is outside it too.
    assert.equal(bundleFile(bundle, 'app://board/..%2frenderer-other/x'), null);
    assert.equal(bundleFile(`${bundle}/`, 'app://board/..%2frenderer-other/x'), null);
    assert.equal(bundleFile(bundle, 'https://board/index.html'), null);
  });
});
