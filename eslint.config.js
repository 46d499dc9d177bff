import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'net', 'child_process', 'url'];
/** Libraries that do I/O: the pure layer names none of them. */
const IO_LIBRARIES = ['better-sqlite3', 'axios', 'ws', 'fastify', '@fastify/*', 'pino', 'ssh2', 'ssh2-sftp-client', 'basic-ftp'];
/** What no part of the core (desktop, backend, simulators, SQLite) may import. */
const CORE = ['electron', 'react', 'react-dom', '**/renderer/**', '**/main/**'];
/** Any module of the backend but its demo (a gitignore-style group: the `!` line lets the demo through). */
const BACKEND_BUT_DEMO = ['**/backend/*', '!**/backend/demo'];
/** A group is one pattern or several read together (gitignore-style, so `!` exempts). */
const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group: [group].flat(), message })) }],
});
const SIMULATORS = 'Simulators are for tests, benches, the demo composition and the command lines, never for the product.';

/** The layering of DESIGN.md, enforced per folder. */
export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**', 'src/api/**', 'src/ports/**'],
    rules: restrict(
      [...NODE_BUILTINS, ...IO_LIBRARIES, 'electron', 'react', 'react-dom', '**/desktop/**', '**/backend/**', '**/simulators/**', '**/sqlite/**', '**/renderer/**', '**/main/**'],
      'src/domain, src/api and src/ports are pure: no Node, no DOM, no Electron, no I/O.',
    ),
  },
  {
    files: ['src/desktop/**'],
    ignores: ['src/desktop/cli/**'],
    rules: restrict([...CORE, '**/backend/**', '**/simulators/**'], `The desktop core reaches the backend over HTTP, never by import. ${SIMULATORS}`),
  },
  {
    // The desktop's command line. serve.ts is half of the demo composition: its built-in backend is the demo's.
    files: ['src/desktop/cli/**'],
    rules: restrict([...CORE, BACKEND_BUT_DEMO], 'The desktop reaches the backend over HTTP; only the demo composition starts one (src/backend/demo).'),
  },
  {
    files: ['src/backend/**'],
    ignores: ['src/backend/demo/**', 'src/backend/cli/**'],
    rules: restrict([...CORE, '**/desktop/**', '**/simulators/**'], `The backend never imports the desktop. ${SIMULATORS}`),
  },
  {
    // The other half of the demo composition (a backend with the WhatsApp simulator) and the backend's command lines.
    files: ['src/backend/demo/**', 'src/backend/cli/**'],
    rules: restrict([...CORE, '**/desktop/**'], 'The backend never imports the desktop.'),
  },
  {
    // Node's implementations of the ports, and what the desktop and the backend both run on Node (Argon2id).
    files: ['src/node/**'],
    rules: restrict([...CORE, '**/desktop/**', '**/backend/**', '**/simulators/**'], 'src/node serves the desktop and the backend: it imports neither.'),
  },
  {
    files: ['src/simulators/**', 'src/sqlite/**'],
    rules: restrict([...CORE, '**/desktop/**'], 'Simulators and SQLite stand apart from the desktop, Electron and the DOM.'),
  },
  {
    files: ['main/**'],
    rules: restrict(
      ['**/src/backend/**', '**/src/simulators/**', '**/renderer/**'],
      'The Electron shell wires the desktop core (src/desktop) to its windows; the backend, the simulators and the renderer are not its to import.',
    ),
  },
  {
    files: ['main/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./src/api/bridge$).*',
              message: 'The preload may import only electron (contextBridge, ipcRenderer) and the bridge contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    rules: restrict(
      [...NODE_BUILTINS, ...IO_LIBRARIES, 'electron', '**/src/desktop/**', '**/src/backend/**', '**/src/simulators/**', '**/src/sqlite/**', '**/main/**'],
      'The renderer may use only the DOM, src/domain and src/api.',
    ),
  },
  {
    // What the Electron shell decides (updates, links, permissions, window state, the wall), as code that runs in Node
    // and is tested there: main/ only hands Electron's events to it.
    files: ['src/shell/**'],
    rules: restrict([...CORE, '**/backend/**', '**/simulators/**', '**/sqlite/**'], 'src/shell holds the shell\'s policies as plain code: Electron stays in main/.'),
  },
  {
    // The backend's store is asynchronous: a query or a write not awaited would run after its
    // transaction, or fail unheard. Type-aware, so only where the store is used.
    files: ['src/backend/**/*.ts', 'tests/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() are awaited by the runner.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['tests/**'],
    rules: {
      ...restrict(['electron'], 'Only main/ may import electron: the binary cannot load in tests.'),
      // Tests read whatever JSON a server answers and assert on it.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
