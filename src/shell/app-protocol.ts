import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SECURITY_HEADERS } from '../desktop/host/security-headers';
import { APP_HOST, APP_SCHEME } from './navigation';

/**
 * The file of the renderer bundle that an app:// address names; null for another host, an
 * address that is not one, or a path that leads out of the bundle's folder ("..", encoded or not).
 */
export function bundleFile(rendererDir: string, address: string): string | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(address);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const root = normalize(rendererDir);
  const file = normalize(join(root, path));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/**
 * The answer to an app:// request: the bundle's file with the same security headers as the
 * headless host (the CSP above all), or 404. `fetchFile` reads a file: URL (Electron's net.fetch
 * in the shell), so the type and length come from the same code that serves any file.
 */
export async function appProtocolResponse(rendererDir: string, address: string, fetchFile: (fileUrl: string) => Promise<Response>): Promise<Response> {
  const file = bundleFile(rendererDir, address);
  const response = file === null ? null : await fetchFile(pathToFileURL(file).toString()).catch(() => null);
  const headers = new Headers(response?.ok ? response.headers : { 'content-type': 'text/plain; charset=utf-8' });
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  if (!response?.ok) return new Response('Not found', { status: 404, headers });
  return new Response(response.body, { status: response.status, headers });
}
