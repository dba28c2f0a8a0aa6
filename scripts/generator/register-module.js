// Adds a feature module to the API's composition root: the imports of AppModule.forRoot() in
// src/app.module.ts (not a static @Module, which the app never builds from).

/** app.module.ts's text with `import { <Module> } from '<path>'` and the module in forRoot's imports. */
export function registerInAppModule(text, moduleClass, importPath) {
  const forRoot = text.indexOf('static forRoot(');
  const imports = forRoot < 0 ? -1 : text.indexOf('imports: [', forRoot);
  if (imports < 0) {
    throw new Error(
      'src/app.module.ts has no `imports: [` inside `static forRoot(`: add the module by hand',
    );
  }
  const end = closingBracket(text, imports + 'imports: '.length);
  const lineStart = text.lastIndexOf('\n', end) + 1;
  const indent = `${text.slice(lineStart, end).match(/^\s*/)[0]}  `;
  const withModule = `${text.slice(0, lineStart)}${indent}${moduleClass},\n${text.slice(lineStart)}`;
  // After the last feature module's import, or else after the last import.
  const statements = [...withModule.matchAll(/^import [^;]*? from '([^']+)';$/gm)];
  const anchor =
    statements.filter((statement) => statement[1].startsWith('./modules/')).at(-1) ??
    statements.at(-1);
  const at = anchor.index + anchor[0].length;
  const line = `\nimport { ${moduleClass} } from '${importPath}';`;
  return `${withModule.slice(0, at)}${line}${withModule.slice(at)}`;
}

function closingBracket(text, open) {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    if (text[index] === '[') depth += 1;
    if (text[index] === ']') depth -= 1;
    if (depth === 0) return index;
  }
  throw new Error('src/app.module.ts: unbalanced brackets in forRoot imports');
}
