// The name forms a generated module uses, derived from the one name given on the command line,
// and the refusals: a name that is not lower-kebab, or one the repository already uses.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A refusal the user can act on; the entry script prints its message and exits 2. */
export class NameRefused extends Error {}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;
// Postgres names are at most 63 bytes; the longest we derive is `<table>_owner_created_idx`.
const MAX_LENGTH = 36;

// Words a generated identifier cannot be (`const delete = ...`), and directories and routes the
// template owns already, whatever modules a fork keeps.
const RESERVED = new Set([
  ...['await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default'],
  ...['delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for'],
  ...['function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new'],
  ...['null', 'package', 'private', 'protected', 'public', 'return', 'static', 'super'],
  ...['switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with'],
  ...['yield', 'api', 'app', 'config', 'docs', 'graphql', 'health', 'infra', 'media'],
  ...['metrics', 'modules', 'platform', 'worker', 'openapi', 'migrations', 'typeorm'],
]);

/**
 * The name given is the plural resource name (`bookmarks`, `reading-lists`); the singular drops
 * the last word's plural ending: -ies -> -y, -sses/-xes/-zes/-ches/-shes -> drop -es, -s ->
 * drop -s (not after s or u: `bus`, `status`).
 * Anything else (`people`, `news`) needs `--singular`.
 */
export function singularOf(plural) {
  const rules = [
    [/ies$/, 'y'],
    [/(ss|x|z|ch|sh)es$/, '$1'],
    [/([^su])s$/, '$1'],
  ];
  for (const [ending, replacement] of rules) {
    if (ending.test(plural)) return plural.replace(ending, replacement);
  }
  return undefined;
}

/** kebab, Pascal, camel, snake, CONSTANT and plain-words forms of a lower-kebab name. */
export function forms(kebab) {
  const words = kebab.split('-');
  const pascal = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
  return {
    kebab,
    pascal,
    camel: pascal[0].toLowerCase() + pascal.slice(1),
    snake: words.join('_'),
    constant: words.join('_').toUpperCase(),
    words: words.join(' '),
    title: words.map((word) => word[0].toUpperCase() + word.slice(1)).join(' '),
  };
}

function checkForm(label, name) {
  if (!KEBAB.test(name)) {
    throw new NameRefused(
      `${label} "${name}" is not lower-kebab-case: lowercase words of letters and digits, ` +
        'each starting with a letter, joined by single hyphens (e.g. reading-lists)',
    );
  }
  if (name.length > MAX_LENGTH) {
    throw new NameRefused(`${label} "${name}" is longer than ${MAX_LENGTH} characters`);
  }
  const camel = forms(name).camel;
  if (RESERVED.has(name) || RESERVED.has(camel)) {
    throw new NameRefused(`${label} "${name}" is reserved (a keyword or a name the template uses)`);
  }
}

/**
 * The plural and singular forms, after checking the name against the repository at `root`:
 * an existing module, table, route, OpenAPI schema or operation, or GraphQL type or field.
 */
export function moduleNames(root, name, singularOverride) {
  if (!name)
    throw new NameRefused('give the module name, e.g. npm run generate:module -- bookmarks');
  checkForm('name', name);
  const singular = singularOverride ?? singularOf(name);
  if (!singular) {
    throw new NameRefused(
      `cannot tell the singular of "${name}": give it with --singular <name>, ` +
        'or give the plural resource name (e.g. bookmarks, not bookmark)',
    );
  }
  checkForm('singular', singular);
  if (singular === name) {
    throw new NameRefused(`the singular must differ from the name "${name}" (envelopes use both)`);
  }
  const plural = forms(name);
  const one = forms(singular);
  checkUnused(root, plural, one);
  return { plural, singular: one };
}

function checkUnused(root, plural, singular) {
  const modules = join(root, 'src/modules');
  const taken = existsSync(modules) ? readdirSync(modules) : [];
  for (const candidate of [plural.kebab, singular.kebab]) {
    if (taken.includes(candidate)) {
      throw new NameRefused(`src/modules/${candidate} already exists: choose another name`);
    }
  }
  const clashes = [
    ...usedIn(root, 'migrations', (text) => text.includes(`CREATE TABLE "${plural.snake}"`), [
      `table "${plural.snake}"`,
    ]),
    ...openApiClashes(root, plural, singular),
    ...graphqlClashes(root, plural, singular),
  ];
  if (clashes.length > 0) {
    throw new NameRefused(`"${plural.kebab}" clashes with what exists: ${clashes.join(', ')}`);
  }
}

function usedIn(root, dir, test, clash) {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  const hit = readdirSync(path).some((file) => test(readFileSync(join(path, file), 'utf8')));
  return hit ? clash : [];
}

function openApiClashes(root, plural, singular) {
  const path = join(root, 'openapi.json');
  if (!existsSync(path)) return [];
  const document = JSON.parse(readFileSync(path, 'utf8'));
  const route = `/api/${plural.kebab}`;
  const routes = Object.keys(document.paths).filter(
    (existing) => existing === route || existing.startsWith(`${route}/`),
  );
  const operations = new Set(
    Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    ),
  );
  const schemas = new Set(Object.keys(document.components?.schemas ?? {}));
  const S = singular.pascal;
  return [
    ...routes.map((existing) => `route ${existing}`),
    ...[`Create${S}`, `Get${plural.pascal}`, `Get${S}`, `Delete${S}`]
      .filter((id) => operations.has(id))
      .map((id) => `operation ${id}`),
    ...[`${S}View`, `${S}Response`, `${S}ListResponse`, `Create${S}Dto`, `Create${S}Fields`]
      .filter((schema) => schemas.has(schema))
      .map((schema) => `schema ${schema}`),
  ];
}

function graphqlClashes(root, plural, singular) {
  const path = join(root, 'schema.graphql');
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const types = new Set(
    [...text.matchAll(/^(?:type|input|enum|scalar|interface|union) (\w+)/gm)].map((m) => m[1]),
  );
  const rootFields = new Set(
    [...text.matchAll(/^type (?:Query|Mutation|Subscription) \{\n([\s\S]*?)\n\}/gm)].flatMap((m) =>
      [...m[1].matchAll(/^\s+(\w+)/gm)].map((field) => field[1]),
    ),
  );
  const S = singular.pascal;
  return [
    ...[S, `Create${S}Input`]
      .filter((type) => types.has(type))
      .map((type) => `GraphQL type ${type}`),
    ...[plural.camel, singular.camel, `create${S}`, `delete${S}`]
      .filter((field) => rootFields.has(field))
      .map((field) => `GraphQL field ${field}`),
  ];
}
