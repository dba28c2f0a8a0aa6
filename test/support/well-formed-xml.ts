/*
 * A small well-formedness check for the XML (SVG) the bench writes, since no XML parser is among
 * the dependencies: one root element, tags closed in order, attributes quoted and unique, only
 * known entities, no control characters. It returns the problems found, so a failing test says
 * what is wrong and where.
 */

const NAME = /^[A-Za-z_][\w.:-]*$/;
const BAD_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Checks one start tag's attributes: `name="value"` pairs, each name once. */
function attributeProblems(tag: string, attributes: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const rest = attributes.replace(
    /\s+([^\s=]+)="([^"<]*)"/g,
    (_all, name: string, value: string) => {
      if (!NAME.test(name)) problems.push(`<${tag}>: bad attribute name "${name}"`);
      if (seen.has(name)) problems.push(`<${tag}>: attribute "${name}" twice`);
      seen.add(name);
      if (BAD_ENTITY.test(value)) problems.push(`<${tag} ${name}>: unescaped & in "${value}"`);
      return '';
    },
  );
  if (rest.trim() !== '') problems.push(`<${tag}>: cannot read attributes "${rest.trim()}"`);
  return problems;
}

export function wellFormedXmlProblems(xml: string): string[] {
  const problems: string[] = [];
  if (CONTROL.test(xml)) problems.push('control character in the document');
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const open: string[] = [];
  let roots = 0;
  for (const [token] of body.matchAll(/<[^>]*>|[^<]+/g)) {
    if (!token.startsWith('<')) {
      if (BAD_ENTITY.test(token)) problems.push(`unescaped & in text "${token.slice(0, 60)}"`);
      if (open.length === 0 && token.trim() !== '') problems.push('text outside the root');
      continue;
    }
    if (token.startsWith('<!--')) continue;
    const closing = /^<\/([^\s>]+)\s*>$/.exec(token);
    if (closing) {
      const expected = open.pop();
      if (expected !== closing[1]) {
        problems.push(`</${closing[1]}> closes <${expected ?? 'nothing'}>`);
      }
      continue;
    }
    const start = /^<([^\s/>]+)((?:\s+[^\s=]+="[^"]*")*)\s*(\/?)>$/.exec(token);
    if (!start) {
      problems.push(`cannot read tag ${token.slice(0, 80)}`);
      continue;
    }
    const [, name, attributes, selfClosing] = start;
    if (!NAME.test(name)) problems.push(`bad element name "${name}"`);
    problems.push(...attributeProblems(name, attributes));
    if (open.length === 0) roots++;
    if (!selfClosing) open.push(name);
  }
  if (open.length > 0) problems.push(`not closed: ${open.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
