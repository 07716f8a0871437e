// The monorepo's lint set-up, plus the Svelte rules for the web app.
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import root from '../eslint.config.js';

export default [
  ...root,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  { ignores: ['build/**', '.svelte-kit/**', 'src/lib/api/schema.d.ts'] },
  {
    // Undefined names are the type checker's job (svelte-check): ESLint's no-undef does not
    // know DOM and TypeScript types, as typescript-eslint's documentation notes.
    files: ['**/*.svelte', '**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
];
