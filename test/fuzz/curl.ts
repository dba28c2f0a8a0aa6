import type { FuzzRequest } from './fuzz-request.js';

/** Bodies longer than this go to a file next to the report instead of into the command line. */
const INLINE_BODY_BYTES = 2_048;

/** Bash `$'...'` quoting: every byte survives, control and non-ASCII bytes as \xHH. */
export function ansiQuote(bytes: Buffer | string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  let out = '';
  for (const byte of data) {
    if (byte === 0x27) out += "\\'";
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `$'${out}'`;
}

/**
 * One shell word for the bytes, with long runs of one character written as a command that
 * repeats it (a 9,000-character path segment stays readable).
 */
export function shellWord(bytes: Buffer | string): string {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  const parts: string[] = [];
  let plain = '';
  for (let i = 0; i < text.length;) {
    let end = i;
    while (end < text.length && text[end] === text[i]) end++;
    if (end - i >= 40 && /[A-Za-z0-9._~-]/.test(text[i])) {
      if (plain) parts.push(ansiQuote(plain));
      plain = '';
      parts.push(`"$(head -c ${end - i} /dev/zero | tr '\\0' '${text[i]}')"`);
    } else {
      plain += text.slice(i, end);
    }
    i = end;
  }
  if (plain || parts.length === 0) parts.push(ansiQuote(plain));
  return parts.join('');
}

/** A printf format that writes exactly these bytes (NUL included, which $'...' cannot hold). */
export function printfFormat(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x27) out += "'\\''";
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x25) out += '%%';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `printf '${out}'`;
}

/**
 * A shell command that sends the same bytes again. `saveBody` stores a long body and returns
 * the file's path, which curl then reads.
 */
export function reproduce(
  baseUrl: string,
  request: FuzzRequest,
  saveBody: (body: Buffer) => string,
): string {
  const { host, port } = new URL(baseUrl);
  if (request.raw) {
    const [hostname] = host.split(':');
    const write =
      request.raw.length > INLINE_BODY_BYTES
        ? `cat ${saveBody(request.raw)}`
        : printfFormat(request.raw);
    return `exec 3<>/dev/tcp/${hostname}/${port} && ${write} >&3 && timeout 5 cat <&3; exec 3<&-`;
  }
  // curl would re-encode a target with bytes outside printable ASCII: send those raw.
  if (/[^\x21-\x7e]/.test(request.path))
    return reproduce(baseUrl, { ...request, raw: asRaw(host, request) }, saveBody);
  const parts = ['curl -sS -i --path-as-is -g'];
  parts.push(request.method === 'HEAD' ? '--head' : `-X ${request.method}`);
  parts.push(shellWord(`${baseUrl}${request.path}`));
  const names = Object.keys(request.headers).map((name) => name.toLowerCase());
  for (const [name, value] of Object.entries(request.headers)) {
    // curl drops a header given as "Name:"; "Name;" sends it empty.
    parts.push(`-H ${shellWord(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  let input = '';
  if (request.body !== undefined) {
    // Without this curl would add its own form content type.
    if (!names.includes('content-type')) parts.push(`-H 'Content-Type:'`);
    if (request.body.length > INLINE_BODY_BYTES) {
      parts.push(`--data-binary @${saveBody(request.body)}`);
    } else {
      input = `${printfFormat(request.body)} | `;
      parts.push('--data-binary @-');
    }
  }
  const command = `${input}${parts.join(' ')}`;
  if (!request.copies || request.copies < 2) return command;
  return `for i in $(seq ${request.copies}); do ${command} & done; wait`;
}

/** The request as the bytes Node sent for it. */
function asRaw(host: string, request: FuzzRequest): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const head = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(request.headers)) head.push(`${name}: ${value}`);
  head.push(`Content-Length: ${body.length}`, 'Connection: close', '', '');
  return Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), body]);
}
