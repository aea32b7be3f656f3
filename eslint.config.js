// ESLint: typescript-eslint's recommended and type-checked rules, with formatting left to Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'var/', '.adminjs/', 'coverage/', 'test/fixtures/**/*.pdf'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are errors, except the deliberate `_name` placeholders.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Fire-and-forget calls must say so with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Express and AdminJS take async handlers where they expect void-returning callbacks.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    files: ['src/admin/components/**/*.tsx', 'src/admin/pages/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
