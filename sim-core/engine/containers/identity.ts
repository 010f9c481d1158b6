// Who a container's process runs as. `docker run --user SPEC` names a user and optionally a
// group, by name or number; runc looks names up in the container's own /etc/passwd and
// /etc/group (moby/sys/user GetExecUser), not the host's, and adds the supplementary groups
// that list the user. A name that is not there stops the container from starting.

export interface Identity {
  uid: number;
  gid: number;
  /** Supplementary groups, as setgroups() was given them. */
  groups: number[];
}

export interface Accounts {
  /** name -> uid, gid */
  users: { name: string; uid: number; gid: number }[];
  groups: { name: string; gid: number; members: string[] }[];
}

export const ROOT: Identity = { uid: 0, gid: 0, groups: [] };

/** /etc/passwd and /etc/group text as the lookups need them. */
/**
 * Parsed account files by their text: every container of an image reads the same two files at
 * each start, and parsing them was a noticeable part of starting one. Pure, so a memo is safe;
 * bounded, so edited files in many containers cannot grow it without end.
 */
const parsedAccounts = new Map<string, Accounts>();
const MAX_PARSED_ACCOUNTS = 64;

export function parseAccounts(passwd: string, group: string): Accounts {
  const key = `${passwd}\u0000${group}`;
  const known = parsedAccounts.get(key);
  if (known) return known;
  const accounts = parseAccountsText(passwd, group);
  if (parsedAccounts.size >= MAX_PARSED_ACCOUNTS) parsedAccounts.clear();
  parsedAccounts.set(key, accounts);
  return accounts;
}

function parseAccountsText(passwd: string, group: string): Accounts {
  const rows = (text: string) =>
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(':'));
  return {
    users: rows(passwd)
      .filter((row) => row.length >= 4 && /^\d+$/.test(row[2]!) && /^\d+$/.test(row[3]!))
      .map((row) => ({ name: row[0]!, uid: Number(row[2]), gid: Number(row[3]) })),
    groups: rows(group)
      .filter((row) => row.length >= 3 && /^\d+$/.test(row[2]!))
      .map((row) => ({
        name: row[0]!,
        gid: Number(row[2]),
        members: (row[3] ?? '').split(',').filter(Boolean),
      })),
  };
}

const NUMBER = /^\d+$/;

/** The identity for a --user value, or runc's complaint (without "Error response from daemon"). */
export function resolveIdentity(spec: string, accounts: Accounts): Identity | { error: string } {
  if (spec === '') return { ...ROOT, groups: supplementary('root', accounts) };
  const [userPart, groupPart] = spec.split(':') as [string, string | undefined];
  const byName = accounts.users.find((user) => user.name === userPart);
  const byNumber = NUMBER.test(userPart)
    ? accounts.users.find((user) => user.uid === Number(userPart))
    : undefined;
  const user = NUMBER.test(userPart) ? byNumber : byName;
  if (!user && !NUMBER.test(userPart))
    return { error: `unable to find user ${userPart}: no matching entries in passwd file` };
  const uid = user ? user.uid : Number(userPart);
  let gid = user ? user.gid : 0;
  if (groupPart !== undefined && groupPart !== '') {
    if (NUMBER.test(groupPart)) gid = Number(groupPart);
    else {
      const group = accounts.groups.find((entry) => entry.name === groupPart);
      if (!group)
        return { error: `unable to find group ${groupPart}: no matching entries in group file` };
      gid = group.gid;
    }
  }
  // An explicit group replaces the supplementary ones (runc: AdditionalGids only without it).
  const groups = groupPart === undefined && user ? supplementary(user.name, accounts) : [];
  return { uid, gid, groups };
}

function supplementary(name: string, accounts: Accounts): number[] {
  return accounts.groups.filter((group) => group.members.includes(name)).map((g) => g.gid);
}

export function userName(uid: number, accounts: Accounts): string | undefined {
  return accounts.users.find((user) => user.uid === uid)?.name;
}

export function groupName(gid: number, accounts: Accounts): string | undefined {
  return accounts.groups.find((group) => group.gid === gid)?.name;
}
