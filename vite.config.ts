import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src/desktop/host/security-headers';

/** Each page carries the policy the host and app:// send as a header in its own <meta> tag too. */
const policyInPage: Plugin = {
  name: 'content-security-policy-meta',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META }, injectTo: 'head-prepend' }],
};

/** The renderer bundle, served by the headless host and by Electron's app:// protocol. */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), policyInPage],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Two pages: the advisors' board, and the wall screen's own, so a wall never loads the advisors' app.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        wall: fileURLToPath(new URL('./renderer/wall.html', import.meta.url)),
      },
    },
  },
});
