// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The rooms and who may import whom (DEVELOPERS.md). Exported so test/lint/boundaries.test.ts can prove each
 * rule fires on a planted violation.
 */
export const boundaryRules = {
  engine: {
    files: ['src/engine/**/*.{ts,tsx}'],
    patterns: [
      { group: ['electron', 'electron/*'], message: 'The engine is pure Node: it never imports Electron.' },
      { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'The engine never imports React.' },
      {
        group: ['**/main/**', '**/preload/**', '**/server/**', '**/renderer/**', '**/cli/**'],
        message: 'Data flows one way: the engine imports no shell.',
      },
    ],
  },
  contract: {
    files: ['src/contract/**/*.ts'],
    patterns: [
      {
        group: ['**/engine/**', '**/main/**', '**/preload/**', '**/server/**', '**/renderer/**', '**/cli/**'],
        message: 'The contract depends on nothing of ours.',
      },
      {
        group: ['electron', 'react', 'node:*'],
        message: 'The contract runs in the browser too: no Electron, React or Node built-ins.',
      },
    ],
  },
  renderer: {
    files: ['src/renderer/**/*.{ts,tsx}'],
    patterns: [
      {
        group: ['**/engine/**', '**/engine'],
        message: 'The renderer talks only to the contract, never to the engine.',
      },
      {
        group: ['**/main/**', '**/preload/**', '**/server/**', '**/cli/**'],
        message: 'The renderer talks only to the contract.',
      },
      {
        group: ['electron', 'node:*'],
        message: 'The renderer runs in a browser too: no Electron or Node built-ins.',
      },
    ],
  },
  shells: {
    files: ['src/main/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts', 'src/preload/**/*.ts'],
    patterns: [
      {
        group: ['**/engine/*/**', '**/engine/*.ts', '!**/engine/index.ts'],
        message: 'Shells reach the engine only through its public entry (src/engine/index.ts).',
      },
      { group: ['**/renderer/**'], message: 'Shells never import the renderer.' },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      '.toolchain/',
      'models/',
      'test-results/',
      'bench-results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...Object.values(boundaryRules).map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
