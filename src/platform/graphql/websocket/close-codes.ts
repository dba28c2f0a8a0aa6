/**
 * Close codes of the graphql-ws protocol (GraphQL over WebSocket) that this server sends. The
 * graphql-ws client gives up on both instead of reconnecting, and hands the reason to the app.
 */

/** The protocol's "too many requests" code; here, the client address has too many connections. */
export const CLOSE_TOO_MANY_CONNECTIONS = 4429;

/** A `subscribe` reused the id of an operation that is still running (the protocol's 4409). */
export const CLOSE_SUBSCRIBER_EXISTS = 4409;
