import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.infra/**', 'coverage/**', 'test-artifacts/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
    },
  },
  {
    // Project boundaries (STYLE.md rule 2): libs through their alias and index.ts, apps never import each other.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/libs/*'],
              message: 'Import libraries through their @handover/* alias and public index.ts.',
            },
            { group: ['**/apps/*'], message: 'Apps and libs never import an app.' },
            { group: ['@handover/*/*'], message: 'Import a library through its public index.ts only.' },
          ],
        },
      ],
    },
  },
  {
    // Nest reads constructor parameter types at runtime (emitDecoratorMetadata): type-only imports
    // would erase the injection tokens.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-commented-out-tests': 'error',
      'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
      // pollUntil throws when its expectation is not met in time; refuse() asserts the status.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'pollUntil', 'refuse'] }],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The dashboard's own scripts run in the browser as classic scripts (not modules).
    files: ['apps/intervention-stats/src/dashboard/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        ...globals.browser,
        Chart: 'readonly',
        HandoverDashboard: 'readonly',
        HandoverDom: 'readonly',
      },
    },
  },
  {
    // Examples a team copies into its own bot: plain Node scripts.
    files: ['examples/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
