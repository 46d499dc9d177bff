import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'net', 'child_process', 'url'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

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
      [...NODE_BUILTINS, 'electron', 'react', 'react-dom', '**/desktop/**', '**/backend/**', '**/renderer/**', 'better-sqlite3'],
      'src/domain and src/api are pure: no Node, no DOM, no Electron, no I/O.',
    ),
  },
  {
    files: ['src/desktop/**', 'src/backend/**', 'src/simulators/**', 'src/sqlite/**'],
    rules: restrict(['electron', 'react', 'react-dom', '**/renderer/**'], 'The core never uses Electron or the DOM.'),
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
      [...NODE_BUILTINS, 'electron', 'better-sqlite3', '**/src/desktop/**', '**/src/backend/**', '**/src/simulators/**', '**/main/**'],
      'The renderer may use only the DOM, src/domain and src/api.',
    ),
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
