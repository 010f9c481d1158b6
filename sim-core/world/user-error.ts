// An error the learner caused (a bad name, a VM that does not fit): printed as one clear line
// with an exit code, never thrown out of the core. Actions check everything and throw this
// before they emit their first event, so a refused command changes nothing.
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
