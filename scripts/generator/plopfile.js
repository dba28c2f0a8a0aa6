// The `module` generator, for node-plop: every file comes from templates/, whose tree mirrors
// the repository's (module/ always, graphql/ with --graphql); names in paths are templates too.
import { registerInAppModule } from './register-module.js';

/** @param {import('node-plop').NodePlopAPI} plop */
export default function moduleGenerator(plop) {
  plop.setGenerator('module', {
    description: 'a feature module in src/modules/, with its migration and e2e test',
    prompts: [],
    actions: (data) => [
      {
        type: 'addMany',
        destination: '.',
        base: 'templates/module',
        templateFiles: 'templates/module/**/*.hbs',
        abortOnFail: true,
      },
      ...(data.graphql
        ? [
            {
              type: 'addMany',
              destination: '.',
              base: 'templates/graphql',
              templateFiles: 'templates/graphql/**/*.hbs',
              abortOnFail: true,
            },
          ]
        : []),
      {
        type: 'modify',
        path: 'src/app.module.ts',
        transform: (text) =>
          registerInAppModule(
            text,
            `${data.plural.pascal}Module`,
            `./modules/${data.plural.kebab}/${data.plural.kebab}.module.js`,
          ),
        abortOnFail: true,
      },
    ],
  });
}
