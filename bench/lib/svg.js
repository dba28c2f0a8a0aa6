// @ts-check
/**
 * What the bench's SVG pictures (lib/chart.js, profile/flamegraph.js) share: safe text and
 * short numbers. No dependency: the SVG is written as text.
 */

/** @type {Record<string, string>} */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for an SVG element or attribute. Control characters are not allowed in XML
 * at all (V8 function names can hold anything), so they are dropped.
 * @param {unknown} text
 */
export function escapeXml(text) {
  return (
    String(text)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => ENTITIES[c])
  );
}

/**
 * A coordinate with one decimal at most: enough on screen, and it keeps large files small.
 * @param {number} value
 */
export const px = (value) => String(Math.round(value * 10) / 10);

/**
 * A whole SVG document: white background, a default font, `body` inside.
 * @param {{ width: number, height: number, title: string, font?: string }} frame
 * @param {string[]} body elements, one per line
 */
export function svgDocument(
  { width, height, title, font = 'Verdana, DejaVu Sans, sans-serif' },
  body,
) {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" font-family="${escapeXml(font)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * A `<text>` element.
 * @param {number} x
 * @param {number} y baseline
 * @param {string} content
 * @param {Record<string, string | number>} [attributes] e.g. { 'font-size': 12, fill: '#333' }
 */
export function text(x, y, content, attributes = {}) {
  const extra = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  return `<text x="${px(x)}" y="${px(y)}"${extra}>${escapeXml(content)}</text>`;
}

/**
 * `content` cut to `maxChars` characters, with an ellipsis when cut.
 * @param {string} content
 * @param {number} maxChars
 */
export function truncate(content, maxChars) {
  if (content.length <= maxChars) return content;
  return maxChars <= 1 ? '' : `${content.slice(0, maxChars - 1)}…`;
}
