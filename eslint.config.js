// ESLint: the rules that catch real bugs (React, hooks, accessibility, imports, TypeScript);
// formatting is Prettier's (.prettierrc.json), so no style rule lives here. ADR 018.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['build/', 'public/build/', 'bench/minimal/build/', 'bench/minimal/public/build/', 'node_modules/', '.tmp/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-cycle': ['error', { maxDepth: 3 }],
      'import-x/first': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Input is cleaned of control characters on purpose (import, validation, return addresses, CSV).
      'no-control-regex': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // The layers: app/domain is pure (no database, no server, no page), app/utils holds
  // helpers that know no model; models use both, routes use all three.
  {
    files: ['app/utils/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['~/models/*', '**/models/*'], message: 'app/utils knows no model: put what needs a model in app/models.' }] },
      ],
    },
  },
  {
    files: ['app/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['~/models/*', '**/models/*', '~/utils/*', '**/utils/*', '~/routes/*', '**/routes/*', '~/components/*', '**/components/*'],
              message: 'app/domain is pure: no model, no server helper, no page or component.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.tsx'],
    plugins: { react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    settings: { react: { version: '18.3' } },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat['jsx-runtime'].rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'react/prop-types': 'off',
      // A scrolling table region takes focus so that it scrolls with the keyboard (WCAG 2.1.1).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { roles: ['region'] }],
    },
  },
);
