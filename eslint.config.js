// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * One config block for `files`: sharp only through image-decoders.ts, and none of the `layers`
 * patterns. (A later block's options replace an earlier one's for the same rule, so each block
 * carries both.)
 * @param {string[]} files
 * @param {string[]} layers
 */
function restrictedImports(files, layers) {
  return [
    {
      files,
      ignores: ['src/modules/images/image-decoders.ts', '**/*.spec.ts'],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            paths: [
              {
                name: 'sharp',
                message: 'import { sharp } from src/modules/images/image-decoders.ts',
                allowTypeImports: true,
              },
            ],
            patterns: layers.length
              ? [
                  {
                    group: layers,
                    message: 'layers point one way: modules -> platform -> infra -> config',
                  },
                ]
              : [],
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  // Grading suites run from a candidate copy's test/grading/, where scripts/check-exercises
  // lints them; here their imports do not resolve.
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/', 'exercises/*/grading/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Nest's DI needs runtime class imports that look type-only to this rule.
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  // sharp is reached through image-decoders.ts, which blocks every loader but the four accepted
  // formats before anything decodes (issue 12, an SVG disguised as AVIF).
  ...restrictedImports(['src/**/*.ts'], []),
  // Layers point one way: modules -> platform -> infra -> config. A lower layer that needs a
  // higher one is handed what it needs (a registration, a callback), it does not import it.
  ...restrictedImports(
    ['src/infra/**/*.ts'],
    ['**/platform/**', '**/modules/**', '**/app.module.js', '**/worker.module.js'],
  ),
  ...restrictedImports(
    ['src/platform/**/*.ts'],
    ['**/modules/**', '**/app.module.js', '**/worker.module.js'],
  ),
  ...restrictedImports(['src/config/**/*.ts'], ['**/infra/**', '**/platform/**', '**/modules/**']),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
