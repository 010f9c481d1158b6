// docker GROUP with no subcommand, with --help, with an unknown word or flag: cobra's usage
// of the group, on the stream and with the exit code the 20.10 client uses.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';

function run(line: string) {
  return new Session({ seed: 1 }).run(line);
}

describe('docker command groups', () => {
  it('prints the group usage to stderr and succeeds without a subcommand', () => {
    const result = run('docker volume');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'Usage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n',
    );
    expect(result.stderr).toContain('  create      Create a volume\n');
    expect(result.stderr).toContain("Run 'docker volume COMMAND --help'");
  });
  it('prints it to stdout for --help, listing every subcommand in order', () => {
    const result = run('docker network --help');
    expect(result.exitCode).toBe(0);
    const names = [...result.stdout.matchAll(/^ {2}(\S+) +\S/gm)].map((match) => match[1]);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('disconnect');
    expect(result.stdout).toContain('  disconnect  Disconnect a container from a network\n');
  });
  it('refuses an unknown subcommand (exit 1) and an unknown flag (exit 125)', () => {
    const word = run('docker volume bogus');
    expect(word.exitCode).toBe(1);
    expect(word.stderr.startsWith('\nUsage:  docker volume COMMAND')).toBe(true);
    const flag = run('docker volume --bogus');
    expect(flag.exitCode).toBe(125);
    expect(
      flag.stderr.startsWith("unknown flag: --bogus\nSee 'docker volume --help'.\n\nUsage:"),
    ).toBe(true);
  });
});
