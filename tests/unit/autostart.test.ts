import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUTOSTART_FILE_NAME, autostartEntry, autostartFolder, isAutostartOn, launchCommand, setAutostart } from '../../src/shell/autostart';

const temp = () => mkdtempSync(join(tmpdir(), 'autostart-'));

/** The Exec value of an entry, with the desktop entry's own string escapes undone (\\ → \), as a launcher reads it. */
function execLine(entry: string): string {
  const line = entry.split('\n').find((l) => l.startsWith('Exec='))!;
  return line.slice('Exec='.length).replace(/\\\\/g, '\\');
}

describe('start at login on Linux (XDG autostart)', () => {
  it('writes the entry under $XDG_CONFIG_HOME, or ~/.config when it is not set or empty', () => {
    const home = temp();
    assert.equal(autostartFolder({ XDG_CONFIG_HOME: join(home, 'cfg') }, home), join(home, 'cfg', 'autostart'));
    assert.equal(autostartFolder({ XDG_CONFIG_HOME: '' }, home), join(home, '.config', 'autostart'));
    assert.equal(autostartFolder({}, home), join(home, '.config', 'autostart'));
  });

  it('turns on and off in a fresh home, reading back what it wrote', () => {
    const home = temp();
    const folder = autostartFolder({ HOME: home }, home);
    assert.equal(isAutostartOn(folder), false);
    setAutostart(folder, true, { name: 'Aftersales Board', command: '/opt/Aftersales Board/aftersales-board' });
    assert.equal(isAutostartOn(folder), true);
    assert.deepEqual(readdirSync(folder), [AUTOSTART_FILE_NAME], 'written through a rename: no temporary file left');
    const text = readFileSync(join(folder, AUTOSTART_FILE_NAME), 'utf8');
    assert.match(text, /^\[Desktop Entry\]\nType=Application\nName=Aftersales Board\nExec="\/opt\/Aftersales Board\/aftersales-board"\n/);
    setAutostart(folder, false, { name: 'Aftersales Board', command: '/opt/x' });
    assert.equal(isAutostartOn(folder), false);
    setAutostart(folder, false, { name: 'Aftersales Board', command: '/opt/x' });
  });

  it('counts an entry the user turned off in the desktop’s own settings as off', () => {
    const folder = join(temp(), 'autostart');
    mkdirSync(folder);
    const base = autostartEntry('Aftersales Board', '/usr/bin/aftersales-board');
    writeFileSync(join(folder, AUTOSTART_FILE_NAME), `${base}Hidden=true\n`);
    assert.equal(isAutostartOn(folder), false);
    writeFileSync(join(folder, AUTOSTART_FILE_NAME), base.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    assert.equal(isAutostartOn(folder), false);
  });

  it('starts the AppImage file when run from one, not its temporary mount', () => {
    assert.equal(launchCommand('/tmp/.mount_AftersXYZ/aftersales-board', { APPIMAGE: '/home/anna/Apps/Aftersales-Board.AppImage' }), '/home/anna/Apps/Aftersales-Board.AppImage');
    assert.equal(launchCommand('/opt/Aftersales Board/aftersales-board', {}), '/opt/Aftersales Board/aftersales-board');
  });

  it('quotes a path with spaces, quotes, dollars, backslashes and percents so that the command gets it unchanged', () => {
    // The Exec quoting is the POSIX shell's double quoting: a real shell run of the line shows what a launcher passes.
    const dir = join(temp(), 'My "Apps" $HOME `x` back\\slash 100%');
    mkdirSync(dir);
    const program = join(dir, 'board.sh');
    writeFileSync(program, '#!/bin/sh\nfor a in "$0" "$@"; do printf "%s\\n" "$a"; done\n');
    chmodSync(program, 0o755);
    const entry = autostartEntry('Aftersales Board', program, ['--hidden', 'a b']);
    // A launcher turns %% into % before it runs the command (field codes).
    const line = execLine(entry).replace(/%%/g, '%');
    const printed = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
    assert.deepEqual(printed.split('\n').slice(0, 3), [program, '--hidden', 'a b']);
  });

  it('refuses a line break in any value, which would start another key', () => {
    assert.throws(() => autostartEntry('Aftersales\nExec=/bin/evil', '/usr/bin/board'), /cannot hold a line break/);
    assert.throws(() => autostartEntry('Aftersales Board', '/usr/bin/board', ['a\nHidden=true']), /cannot hold a line break/);
  });
});
