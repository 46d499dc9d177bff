// Type-checks each layer with its own config, so each sees only the globals it may use (DESIGN.md, "Layering"). Every
// layer is checked even when an earlier one fails, so one run shows all that is wrong.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import process from 'node:process';

const LAYERS = ['src/domain', 'src/api', 'src/ports', 'src', 'renderer', 'tests', 'tests/e2e', 'main'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function check(layer) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', layer], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ layer, ok: code === 0, output }));
  });
}

const queue = [...LAYERS];
const results = [];
const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  for (let layer = queue.shift(); layer !== undefined; layer = queue.shift()) {
    const result = await check(layer);
    process.stdout.write(`${result.ok ? 'ok  ' : 'FAIL'} ${layer}\n`);
    if (!result.ok) process.stdout.write(result.output);
    results.push(result);
  }
});
await Promise.all(workers);
if (results.some((r) => !r.ok)) process.exit(1);
