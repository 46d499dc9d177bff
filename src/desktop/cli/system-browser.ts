import { execFile } from 'node:child_process';

/**
 * Opens an address in this computer's default browser, for the headless host (Electron has
 * shell.openExternal): the OpenID provider's sign-in page, which the person completes there.
 * Only http(s) addresses, handed over as one argument, never through a shell.
 */
export function openInSystemBrowser(url: string): Promise<void> {
  if (!/^https?:\/\//i.test(url)) return Promise.reject(new Error(`Only http(s) addresses are opened in the browser, not ${url.slice(0, 40)}.`));
  const [command, args] =
    process.platform === 'win32'
      ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    execFile(command, args, (error) => (error ? reject(new Error(`The browser could not be opened (${command}): ${error.message}`)) : resolve()));
  });
}
