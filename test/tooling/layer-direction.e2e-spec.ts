import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

// The layers point one way (modules -> platform -> infra -> config), and `npm run lint` is what
// says so. These cases lint a line of source as if it sat in a real file of each layer, so a
// config change that silently drops the rule fails here, not in a review months later.
const eslint = new ESLint();

async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const probe = 1;\n`, { filePath });
  return result.messages
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

describe('ESLint layer direction', () => {
  it.each([
    [
      'infra',
      'platform',
      'src/infra/logger/censor.ts',
      "import '../../platform/http/request-id.js';",
    ],
    [
      'infra',
      'modules',
      'src/infra/cache/cache.module.ts',
      "import '../../modules/users/user.entity.js';",
    ],
    [
      'platform',
      'modules',
      'src/platform/outbox/outbox.ts',
      "import '../../modules/users/user.entity.js';",
    ],
    [
      'platform',
      'the composition root',
      'src/platform/graphql/resolvers.ts',
      "import '../../app.module.js';",
    ],
    ['config', 'infra', 'src/config/config.module.ts', "import '../infra/redis/redis.module.js';"],
  ])('refuses an import from %s up to %s', async (_from, _to, filePath, source) => {
    expect(await layerErrors(filePath, source)).toEqual([
      expect.stringContaining('modules -> platform -> infra -> config'),
    ]);
  });

  it.each([
    [
      'modules',
      'platform',
      'src/modules/comments/comments.service.ts',
      "import '../../platform/outbox/outbox.js';",
    ],
    [
      'platform',
      'infra',
      'src/platform/outbox/outbox.ts',
      "import '../../infra/redis/redis.module.js';",
    ],
    ['infra', 'config', 'src/infra/cache/cache.module.ts', "import '../../config/app-config.js';"],
  ])('lets %s import %s', async (_from, _to, filePath, source) => {
    expect(await layerErrors(filePath, source)).toEqual([]);
  });
});
