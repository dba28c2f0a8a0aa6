// @ts-check
// Formats a location inside the compared documents as a JSONPath string, e.g.
// $.paths['/api/articles'].get.responses['200'].content['application/json'].schema

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * @param {Array<string | number>} segments
 * @returns {string}
 */
export function formatJsonPath(segments) {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `['${segment.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
  }
  return out;
}
