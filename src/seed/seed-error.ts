/** A reason to stop that the user can act on: printed as is, without a stack trace. */
export class SeedError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'SeedError';
  }
}
