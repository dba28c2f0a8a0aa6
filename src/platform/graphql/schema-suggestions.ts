import type { WebSocket } from 'ws';

/*
 * graphql-js appends " Did you mean …?" to some errors (an unknown field, argument, type or enum
 * value), naming the closest names in the schema: enough to map a schema whose introspection is
 * off. Where introspection is off (production), these go before an error leaves the server.
 */

// The suggested names are always quoted (GraphQL names hold no quotes): ' Did you mean "a"?',
// ' Did you mean the enum value "A" or "B"?', ' Did you mean "a", "b", or "c"?'.
const SUGGESTION = / Did you mean [^"]*(?:"[^"]*"(?:,? or |, )?)+\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

// Mercurius writes each message as JSON.stringify({ type, id, payload }): type comes first.
const ERROR_MESSAGE = '{"type":"error",';

/**
 * Over WebSocket, Mercurius sends errors itself, without the errorFormatter (validation, variables
 * that do not fit the operation): this takes suggestions out of every `error`
 * message the socket sends.
 */
export function hideSuggestionsOn(socket: WebSocket): void {
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    if (
      typeof data === 'string' &&
      data.startsWith(ERROR_MESSAGE) &&
      data.includes(' Did you mean ')
    ) {
      const message = JSON.parse(data) as { payload?: { message?: unknown }[] };
      for (const error of message.payload ?? []) {
        if (typeof error.message === 'string') error.message = withoutSuggestions(error.message);
      }
      data = JSON.stringify(message);
    }
    send(data, ...rest);
  }) as WebSocket['send'];
}
