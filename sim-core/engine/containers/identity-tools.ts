// busybox id and whoami: the process's user and groups, named from the container's own
// /etc/passwd and /etc/group (a number with no entry prints bare, as it does in a container).
import {
  parseAccounts,
  ROOT,
  groupName,
  userName,
  type Accounts,
  type Identity,
} from './identity.ts';
import { exits, readPath, type Program, type ProgramEnvironment } from './program-kit.ts';

export function accountsOf(env: Pick<ProgramEnvironment, 'fs' | 'proc' | 'cwd'>): Accounts {
  const read = (path: string) => {
    const result = readPath(env as ProgramEnvironment, path);
    return result.ok ? result.text : '';
  };
  return parseAccounts(read('/etc/passwd'), read('/etc/group'));
}

/** Who the process runs as; without --user, root with root's supplementary groups. */
export function identityOf(env: ProgramEnvironment, accounts: Accounts): Identity {
  return (
    env.identity ?? {
      ...ROOT,
      groups: accounts.groups.filter((g) => g.members.includes('root')).map((g) => g.gid),
    }
  );
}

export const id: Program = (env) => {
  const accounts = accountsOf(env);
  const who = identityOf(env, accounts);
  const named = (number: number, name: string | undefined) =>
    name === undefined ? String(number) : `${number}(${name})`;
  const user = named(who.uid, userName(who.uid, accounts));
  const group = (gid: number) => named(gid, groupName(gid, accounts));
  const flags = env.args.join('');
  if (flags === '-u') return exits(0, `${who.uid}\n`);
  if (flags === '-g') return exits(0, `${who.gid}\n`);
  if (flags === '-un' || flags === '-nu') {
    const name = userName(who.uid, accounts);
    return name === undefined ? exits(1, '', `id: unknown ID ${who.uid}\n`) : exits(0, `${name}\n`);
  }
  // The primary group heads the list, then the supplementary ones (getgroups).
  const groups = [...new Set([who.gid, ...who.groups])];
  return exits(0, `uid=${user} gid=${group(who.gid)} groups=${groups.map(group).join(',')}\n`);
};

export const whoami: Program = (env) => {
  const accounts = accountsOf(env);
  const who = identityOf(env, accounts);
  const name = userName(who.uid, accounts);
  return name === undefined
    ? exits(1, '', `whoami: unknown uid ${who.uid}\n`)
    : exits(0, `${name}\n`);
};
