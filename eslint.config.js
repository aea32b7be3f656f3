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
      // Store, AdminJS hook and test-double methods are async by contract (their callers await a
      // promise) even where one implementation has nothing to wait for.
      '@typescript-eslint/require-await': 'off',
      // Fire-and-forget calls must say so with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Express and AdminJS take async handlers where they expect void-returning callbacks.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    files: ['src/admin/pages/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The browser components are bundled by AdminJS, not by tsc: they have their own project
    // (DOM types). AdminJS's ApiClient answers and record params are typed `any` by the library,
    // so the no-unsafe-* rules would flag every read of them.
    files: ['src/admin/components/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: false, project: './tsconfig.components.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Tests read HTTP answers (supertest's `body` is `any` by design) and parsed workbooks field by
    // field; the assertions, not the types, check them.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Tests stringify what they compare and build deliberately malformed inputs.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
