import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ROOT } from '../support/desktop';

/** One row of electronegativity's CSV report. */
interface Finding {
  check: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}

/**
 * Findings above LOW that are no fault of the app, each by its check's name and the one shape it
 * may have, with why. Anything else above LOW fails the test; an entry nothing matches any more
 * fails it too, so that the list never outlives its reason.
 */
const REVIEWED: Array<{ check: string; matches: (f: Finding) => boolean; why: string }> = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    matches: (f) => f.file === 'main/security.ts' && f.sample === 'if (decision.open) await shell.openExternal(decision.url);',
    why:
      'The one call of shell.openExternal, reviewed: it opens only an address that src/shell/external-links.ts allowed ' +
      '(https, no credentials, no IP literal, the organisation’s hosts and WhatsApp’s), as the URL parser serialised it.',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    matches: (f) => /^preload: join\([\w.]+, 'preload\.cjs'\),?$/.test(f.sample),
    why:
      'A request to review the preload, done: main/preload.ts may import only electron and the bridge contract (lint), exposes ' +
      'the BoardApi bridge through contextBridge in a sandboxed, isolated window, and never ipcRenderer itself.',
  },
];

/** The Electron the app is built with, as package.json names it (electronegativity takes a version, not a range). */
function electronVersion(): string {
  const range: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.electron;
  const version = /\d+\.\d+\.\d+/.exec(range)?.[0];
  assert.ok(version, `package.json names Electron as "${range}"`);
  return version;
}

/** Runs electronegativity's command line over the folder; its CSV report and what it printed. */
async function electronegativity(input: string, report: string): Promise<{ findings: Finding[]; printed: string }> {
  const cli = createRequire(import.meta.url).resolve('@doyensec/electronegativity/dist/index.js');
  const child = spawn(process.execPath, [cli, '--input', input, '--electron-version', electronVersion(), '--output', report, '--relative', '--verbose', 'false'], {
    // English messages, whatever the machine's locale, so that its parse errors can be read below.
    env: { ...process.env, LANG: 'en-US', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.on('data', (chunk) => (printed += chunk));
  child.stderr.on('data', (chunk) => (printed += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `electronegativity failed:\n${printed}`);
  const rows: string[][] = parse(readFileSync(report, 'utf8'), { from_line: 2, relax_column_count: false, skip_empty_lines: true });
  const findings = rows.map(([check, severity, confidence, file, location, sample, description]) => ({
    check: check!,
    severity: severity as Finding['severity'],
    confidence: confidence!,
    file: file!,
    location: location!,
    sample: sample!,
    description: description!,
  }));
  return { findings, printed };
}

describe('electronegativity over the Electron shell and the renderer', () => {
  it(`finds nothing above LOW but what is reviewed here (Electron ${electronVersion()} from package.json)`, { timeout: 120_000 }, async () => {
    // The shell (main/), the pages it loads (the built renderer, HTML and scripts) and package.json, as the packaged app holds them.
    const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'));
    try {
      // The renderer as built (npm test builds before it tests): its pages carry the policy in a <meta> tag, which the CSP check reads.
      for (const [from, to] of [['main', 'main'], ['dist/renderer', 'renderer'], ['package.json', 'package.json']]) {
        cpSync(join(ROOT, from!), join(stage, 'app', to!), { recursive: true });
      }
      const { findings, printed } = await electronegativity(join(stage, 'app'), join(stage, 'report.csv'));

      // A file it could not parse is a file it did not check.
      assert.doesNotMatch(printed, /^Error parsing /m, printed);
      assert.ok(findings.every((f) => ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'].includes(f.severity)), JSON.stringify(findings));

      const aboveLow = findings.filter((f) => f.severity === 'MEDIUM' || f.severity === 'HIGH');
      const unreviewed = aboveLow.filter((f) => !REVIEWED.some((r) => r.check === f.check && r.matches(f)));
      assert.deepEqual(
        unreviewed.map((f) => `${f.severity} ${f.check} ${f.file}:${f.location} ${f.sample} — ${f.description}`),
        [],
        'findings above LOW: fix them in main/, or review one here by its check and shape, with why',
      );
      const stale = REVIEWED.filter((r) => !aboveLow.some((f) => f.check === r.check && r.matches(f)));
      assert.deepEqual(stale.map((r) => r.check), [], 'reviewed findings it no longer reports: remove them from REVIEWED');
      // The one openExternal is the one reviewed: a second would be a finding of its own above.
      assert.equal(findings.filter((f) => f.check === 'OPEN_EXTERNAL_JS_CHECK').length, 1);
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  });
});
