/**
 * How long an access token is accepted, which is longer than its `exp` says: verification
 * tolerates clocks that differ a little between the machine that signs and the one that
 * verifies. Whatever must outlive every token of a session (its revocation) uses
 * {@link acceptedForSeconds}, not the bare lifetime.
 */
export const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * From the moment a token is issued, the longest any instance may still accept it: its lifetime,
 * plus the tolerance on `exp` at the verifier, plus once more for a signer whose clock ran up to
 * the tolerance ahead (its `exp` is that much later).
 */
export const acceptedForSeconds = (ttlSeconds: number) => ttlSeconds + 2 * CLOCK_TOLERANCE_SECONDS;
