/**
 * The URLs a page or script would load that point to another origin: src/href attributes, CSS
 * url(), and absolute URLs in JS import/fetch-like positions. XML namespace names
 * (xmlns="http://www.w3.org/...") are identifiers, not loads, and are ignored.
 */
export function otherOriginReferences(text: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\b(?:src|href|action|poster|data)\s*=\s*["']((?:https?:)?\/\/[^"']+)["']/gi,
    /url\(\s*["']?((?:https?:)?\/\/[^"')]+)["']?\s*\)/gi,
    /\bimport\s*(?:\(\s*)?["']((?:https?:)?\/\/[^"']+)["']/gi,
    /@import\s+["']((?:https?:)?\/\/[^"']+)["']/gi,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.add(match[1]);
  }
  return [...found];
}
