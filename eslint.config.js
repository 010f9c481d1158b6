import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// sim-core must stay pure and deterministic: the same seed and commands give the same
// trace on every machine. These rules make the lint fail on anything that would break that.
const purityRules = {
  'no-restricted-globals': [
    'error',
    { name: 'window', message: 'sim-core has no DOM.' },
    { name: 'document', message: 'sim-core has no DOM.' },
    { name: 'navigator', message: 'sim-core has no DOM.' },
    { name: 'localStorage', message: 'sim-core has no DOM.' },
    { name: 'performance', message: 'sim-core uses the simulated clock, never wall time.' },
    { name: 'setTimeout', message: 'sim-core uses the simulated clock, never wall time.' },
    { name: 'setInterval', message: 'sim-core uses the simulated clock, never wall time.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Use the world clock (clockNs).' },
    { object: 'Math', property: 'random', message: 'Use the world RNG (sim-core/world/rng.ts).' },
    { object: 'crypto', property: 'getRandomValues', message: 'Use the world RNG.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'Use the world clock (clockNs).' },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['svelte', 'svelte/*'], message: 'sim-core never imports the UI.' },
        { group: ['d3', 'd3-*'], message: 'sim-core never imports the UI.' },
        { group: ['**/web/**', '../web', '../../web'], message: 'sim-core never imports web/.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'wasm/pkg', 'wasm/target', 'test/output'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['sim-core/**/*.ts'],
    // The headless runner's entry point reads files and argv; everything else is pure.
    ignores: ['sim-core/cli/sim-main.ts'],
    languageOptions: { globals: {} },
    rules: purityRules,
  },
);
