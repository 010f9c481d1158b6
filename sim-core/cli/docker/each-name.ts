// Commands that take several names (docker stop a b c) report each failure and go on with the
// rest; the exit code is 1 if any failed.
import type { StepContext } from '../../world/context.ts';
import { UserError } from '../../world/user-error.ts';

export function eachName(ctx: StepContext, names: string[], act: (name: string) => void): number {
  let status = 0;
  for (const name of names) {
    try {
      act(name);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      ctx.err(error.message);
      status = 1;
    }
  }
  return status;
}
