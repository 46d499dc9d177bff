import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './desktop';

/** `npm run serve` as its own process with these settings; resolves once it prints its page. */
export async function spawnServe(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/desktop/cli/serve.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /open: +(\S+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the desktop exited with ${code}`)));
  });
  return { child, url };
}
