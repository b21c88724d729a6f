import eslintConfigPrettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.data/**',
      '.back-office/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-empty-object-type': 'off',
      'vue/multi-word-component-names': 'error',
      'vue/component-api-style': ['error', ['script-setup']],
      'vue/block-lang': ['error', { script: { lang: 'ts' } }],
      'vue/no-v-html': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'eval is forbidden (CSP).' },
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'new Function is forbidden (CSP).',
        },
      ],
    },
  },
  {
    // Only the api module may touch the preload bridge.
    files: ['renderer/**/*.{ts,vue}'],
    ignores: ['renderer/src/api.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'kiosk', message: 'Use the api module.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'fs', 'path', 'child_process'].map((name) => ({
            name,
            message: 'The renderer has no Node.',
          })),
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            {
              regex: '(^|/)electron/(?!contract$|domain/)',
              message: 'The renderer may import only the contract and electron/domain (Node-free).',
            },
          ],
        },
      ],
    },
  },
  {
    // A handler translates one call into one service method: no storage, repositories,
    // configuration, composition root or Node modules (services hold all of that).
    files: ['electron/handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'Handlers call services; Node is the services’ business.',
            },
            {
              regex: '(^|/)services/(?!services$)',
              message: 'Handlers see services only through the Services type (services/services).',
            },
            { regex: '(^|/)compose$', message: 'The composition root sits above the handlers.' },
          ],
          paths: ['fs', 'path', 'crypto', 'child_process', 'os'].map((name) => ({
            name,
            message: 'Handlers call services; Node is the services’ business.',
          })),
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  eslintConfigPrettier,
);
