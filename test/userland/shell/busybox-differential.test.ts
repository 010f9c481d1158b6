// The shell against busybox ash itself: fixtures/busybox-sh.json holds what `busybox sh -c`
// printed and returned for each script (recorded by fixtures/record.py in an empty directory
// with an empty environment). The simulator runs the same scripts with a fake filesystem and cat.
import { describe, expect, it } from 'vitest';
import recorded from './fixtures/busybox-sh.json' with { type: 'json' };
import { newShellEnv, runShellText } from '../../../sim-core/userland/shell/index.ts';
import { fakeFs, fakePrograms } from './fake-world.ts';

describe(`scripts behave as in ${recorded.shell.split(' multi-call')[0]}`, () => {
  for (const { script, stdout, stderr, exit } of recorded.cases) {
    it(JSON.stringify(script), () => {
      const fs = fakeFs();
      const env = newShellEnv({
        cwd: '/work',
        vars: { PATH: '/usr/bin:/bin', PWD: '/work' },
        exported: ['PATH'],
      });
      const result = runShellText(script, env, fakePrograms(fs), { stepBudget: 10_000, fs });
      expect({ stdout: result.stdout, stderr: result.stderr }).toEqual({ stdout, stderr });
      expect(result.status === 'exited' && result.exitCode).toBe(exit);
    });
  }
});
