// `hv`: finds the command named by the first words, parses its flags, and runs it. Usage errors
// print Docker's two lines (the error, then where to find help) and exit 125, as docker does.
import type { StepContext } from '../../world/context.ts';
import { helpText, parseFlags } from '../flags.ts';
import { typographicDashError } from '../tokenize.ts';
import { HV_COMMANDS } from './commands.ts';

const GROUPS: Record<string, string> = {
  host: 'Manage physical servers',
  hypervisor: 'Install hypervisors',
  vm: 'Manage virtual machines',
  app: 'Run applications straight on an OS',
};

export function hvHelp(): string {
  const lines = [
    'Usage:  hv COMMAND',
    '',
    'Build the world outside Docker: servers, hypervisors, VMs and bare-metal apps.',
    '',
    'Commands:',
  ];
  const width = Math.max(...Object.keys(HV_COMMANDS).map((name) => name.length)) + 3;
  for (const [name, command] of Object.entries(HV_COMMANDS))
    lines.push(`  ${name.padEnd(width)}${command.spec.summary}`);
  lines.push('', "Run 'hv COMMAND --help' for more information on a command.");
  return `${lines.join('\n')}\n`;
}

function groupHelp(group: string): string {
  const lines = [`Usage:  hv ${group} COMMAND`, '', GROUPS[group]!, '', 'Commands:'];
  for (const [name, command] of Object.entries(HV_COMMANDS)) {
    if (name.startsWith(`${group} `))
      lines.push(`  ${name.slice(group.length + 1).padEnd(10)}${command.spec.summary}`);
  }
  lines.push('', `Run 'hv ${group} COMMAND --help' for more information on a command.`);
  return `${lines.join('\n')}\n`;
}

export function runHv(ctx: StepContext, args: string[]): number {
  const [first, second] = args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    ctx.out(hvHelp());
    return first === undefined ? 1 : 0;
  }
  const dash = typographicDashError(first);
  if (dash) {
    ctx.err(`hv: ${dash}`);
    return 125;
  }
  if (first in GROUPS) {
    const key = `${first} ${second ?? ''}`;
    if (second === undefined || second === '--help' || second === '-h') {
      ctx.out(groupHelp(first));
      return second === undefined ? 1 : 0;
    }
    if (!Object.hasOwn(HV_COMMANDS, key)) {
      ctx.err(`hv: '${first} ${second}' is not an hv command.\nSee 'hv ${first} --help'.`);
      return 1;
    }
    return runOne(ctx, key, args.slice(2));
  }
  if (!Object.hasOwn(HV_COMMANDS, first)) {
    ctx.err(`hv: '${first}' is not an hv command.\nSee 'hv --help'.`);
    return 1;
  }
  return runOne(ctx, first, args.slice(1));
}

function runOne(ctx: StepContext, key: string, args: string[]): number {
  const command = HV_COMMANDS[key]!;
  const parsed = parseFlags(command.spec, args);
  if (!parsed.ok) {
    ctx.err(`${parsed.error}\nSee '${command.spec.path} --help'.`);
    return 125;
  }
  if (parsed.help) {
    ctx.out(helpText(command.spec));
    return 0;
  }
  return command.run(ctx, parsed.values, parsed.positionals);
}
