// Lint rules, including the layering of the architecture guide as mechanical import bans:
// a wrong arrow between folders fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const pattern = (group, message) => ({ group, message });

// Browser globals that pure core code must never touch.
const domGlobals = ['window', 'document', 'navigator', 'location', 'localStorage', 'fetch', 'self'];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2024 } },
    rules: {
      'no-restricted-globals': ['error', ...domGlobals],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['../cpu/*', '../gpu/*', '../backend/*', '../state/*', '../ui/*', '../../*'],
              'src/core imports nothing from the rest of the project.',
            ),
            pattern(
              ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'd3', 'd3-*'],
              'src/core is pure TypeScript: no React, zustand or d3.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/cpu/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...domGlobals],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['**/gpu/*', '**/backend/*', '**/state/*', '**/ui/*', 'react', 'zustand', 'd3'],
              'src/cpu imports only src/core.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/gpu/**/*.ts'],
    ignores: ['src/gpu/**/*.test.ts', 'src/gpu/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              [
                '../cpu/*',
                '../../cpu/*',
                '../../../cpu/*',
                '../state/*',
                '../ui/*',
                'react',
                'zustand',
              ],
              'src/gpu imports src/core and shaders only.',
            ),
          ],
        },
      ],
    },
  },
  {
    // The trainer is framework-free and engine-agnostic: engines are passed in.
    files: ['src/train/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...domGlobals.filter((g) => g !== 'self')],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['**/cpu/*', '**/gpu/*', '**/backend/*', '**/state/*', '**/ui/*', '**/io/*'],
              'src/train imports core only; engines are passed in.',
            ),
            pattern(['react', 'react-dom', 'zustand', 'd3', 'd3-*'], 'src/train knows no UI.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/backend/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['**/state/*', '**/ui/*', 'react', 'zustand'],
              'src/backend never imports state or ui.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/state/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['**/ui/*', '**/cpu/*', '**/gpu/*', 'react', 'react-dom'],
              'src/state imports core and backend only, never React.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['**/cpu/*', '**/gpu/*', '**/backend/*', '**/cpu', '**/gpu', '**/backend'],
              'ui/ reaches computation only through state/.',
            ),
          ],
        },
      ],
    },
  },
  {
    // Test support lives in <area>/testing/ folders; production code never imports it. (A rule
    // of its own name, so the per-folder layering rules above are not overridden.)
    files: ['src/**/*.{ts,tsx}'],
    ignores: [
      'src/**/*.test.ts',
      'src/**/*.bench.ts',
      'src/**/testing/**',
      'src/backend/conformance/**',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['**/testing/*', '**/testing', '**/conformance/*', '**/conformance/**'],
              'test support is for tests only (<area>/testing/, backend/conformance/).',
            ),
          ],
        },
      ],
    },
  },
);
