import type { preParsingHookHandler } from 'mercurius';
import { limitViolation, QueryLimitError } from './limit-violation.js';

/** Refuses a query document over `maxBytes` before it is parsed (GET and POST, each of a batch). */
export function documentSizeHook(maxBytes: number): preParsingHookHandler {
  return (_schema, source) => {
    // A string is at least as many UTF-8 bytes as it has characters: counting is rarely needed.
    const bytes = source.length > maxBytes ? source.length : Buffer.byteLength(source, 'utf8');
    if (bytes <= maxBytes) return;
    const message = `The query document is ${bytes} bytes; the limit is ${maxBytes}.`;
    throw new QueryLimitError([limitViolation('DOCUMENT_TOO_LARGE', message)]);
  };
}
