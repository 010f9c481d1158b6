// busybox's network tools, over the simulated network stack: nslookup (asks the resolver in
// resolv.conf), nc (a TCP client, or with -l a one-connection server), wget (an HTTP client) and
// httpd (a static file server). Their output and errors are busybox 1.35's (Debian's build, the
// one in the busybox image).
import type { NetStack } from '../networks/net-stack.ts';
import type { ProgramEnvironment, ProgramPlan } from './programs.ts';
import { normalizePath } from '../storage/file-tree.ts';

type Program = (env: ProgramEnvironment) => ProgramPlan;

const exits = (exitCode: number, stdout = '', stderr = ''): ProgramPlan => ({
  kind: 'exits',
  exitCode,
  stdout,
  stderr,
});

/** A server waiting for connections: an idle process until something ends it. */
const serves = (): ProgramPlan => ({
  kind: 'runs',
  stdout: '',
  stderr: '',
  shell: null,
  cpuDemandMilli: 0,
  exitAfterNs: null,
  children: [],
  exitsOnSigterm: false,
  growsMemory: false,
});

const NO_NETWORK: NetStack = {
  nameserver: '',
  lookup: () => ({ ok: false, error: 'unreachable', server: '' }),
  connect: (address) => ({ ok: false, address, error: 'Network is unreachable' }),
  listen: () => undefined,
  effects: [],
};

const stack = (env: ProgramEnvironment): NetStack => env.net ?? NO_NETWORK;

/** Splits busybox-style short options (-qO- is -q -O -): which ones take a value is given. */
function parseOptions(
  args: readonly string[],
  withValue: string,
): { options: Map<string, string>; operands: string[]; bad: string | null } {
  const options = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (/[a-zA-Z]/.test(letter) === false) return { options, operands, bad: letter };
      if (withValue.includes(letter)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return { options, operands, bad: letter };
        options.set(letter, value);
        break;
      }
      options.set(letter, options.has(letter) ? `${options.get(letter)}+` : '');
    }
  }
  return { options, operands, bad: null };
}

const NC_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: nc [-iN] [-wN] [-l] [-p PORT] [-f FILE|IPADDR PORT] [-e PROG]

Open a pipe to IP:PORT or FILE

\t-l\tListen mode, for inbound connects
\t\t(use -ll with -e for persistent server)
\t-p PORT\tLocal port
\t-w SEC\tConnect timeout
\t-i SEC\tDelay interval for lines sent
\t-f FILE\tUse file (ala /dev/ttyS0) instead of network
\t-e PROG\tRun PROG after connect
`;

const validPort = (text: string | undefined) =>
  text !== undefined && /^\d+$/.test(text) && Number(text) > 0 && Number(text) < 65536;

/** nc HOST PORT: sends its input, prints the answer. nc -l -p PORT: waits for one client. */
const nc: Program = (env) => {
  const { options, operands, bad } = parseOptions(env.args, 'pwief');
  if (bad !== null || [...options.keys()].some((key) => !'lpwief'.includes(key)))
    return exits(
      1,
      '',
      `nc: invalid option -- '${bad ?? [...options.keys()].find((k) => !'lpwief'.includes(k))}'\n${NC_USAGE}`,
    );
  const net = stack(env);
  if (options.has('l')) {
    const port = options.get('p');
    if (!validPort(port)) return exits(1, '', NC_USAGE);
    net.listen({
      port: Number(port),
      proto: 'tcp',
      service: { kind: 'reply', text: env.stdin ?? '', keepListening: false },
    });
    return serves();
  }
  const [host, port] = operands;
  if (host === undefined || !validPort(port)) return exits(1, '', NC_USAGE);
  const found = net.lookup(host);
  if (!found.ok) return exits(1, '', `nc: bad address '${host}'\n`);
  const connection = net.connect(found.address, Number(port), env.stdin ?? '');
  if (!connection.ok)
    return exits(
      1,
      '',
      `nc: can't connect to remote host (${found.address}): ${connection.error}\n`,
    );
  return exits(0, connection.reply);
};

/** nslookup NAME [SERVER]: busybox prints the A answer and an empty AAAA answer. */
const nslookup: Program = (env) => {
  const operands = env.args.filter((arg) => !arg.startsWith('-'));
  const [name, server] = operands;
  if (name === undefined)
    return exits(
      1,
      '',
      'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n',
    );
  const net = stack(env);
  const asked = server ?? net.nameserver;
  const found = net.lookup(name);
  if (!found.ok && found.error === 'unreachable')
    return exits(
      1,
      '',
      `nslookup: can't connect to remote host (${asked}): Network is unreachable\n`,
    );
  const header = `Server:\t\t${asked}\nAddress:\t${asked}:53\n\n`;
  if (!found.ok)
    return exits(
      1,
      `${header}** server can't find ${name}: NXDOMAIN\n\n** server can't find ${name}: NXDOMAIN\n\n`,
    );
  return exits(
    0,
    `${header}Non-authoritative answer:\nName:\t${name}\nAddress: ${found.address}\n\nNon-authoritative answer:\n\n`,
  );
};

function progressLine(name: string, bytes: number): string {
  return `${name.padEnd(20)} 100% |********************************| ${String(bytes).padStart(5)}  0:00:00 ETA\n`;
}

/** wget [-q] [-O FILE] URL: fetches over HTTP, to a file (index.html) or stdout (-O -). */
const wget: Program = (env) => {
  const { options, operands, bad } = parseOptions(env.args, 'OTUYPo');
  if (bad !== null) return exits(1, '', `wget: invalid option -- '${bad}'\n`);
  const url = operands[0];
  if (url === undefined) return exits(1, '', 'wget: missing URL\n');
  const match = /^http:\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!match) return exits(1, '', `wget: not an http or ftp url: ${url}\n`);
  const [, host, portText, path = '/'] = match;
  const hostPort = portText === undefined ? host! : `${host}:${portText}`;
  const quiet = options.has('q');
  const net = stack(env);
  const found = net.lookup(host!);
  if (!found.ok) return exits(1, '', `wget: bad address '${hostPort}'\n`);
  const port = portText === undefined ? 80 : Number(portText);
  let stderr = quiet ? '' : `Connecting to ${hostPort} (${found.address}:${port})\n`;
  const request = `GET ${path} HTTP/1.1\r\nHost: ${hostPort}\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n`;
  const connection = net.connect(found.address, port, request);
  if (!connection.ok)
    return exits(
      1,
      '',
      `${stderr}wget: can't connect to remote host (${found.address}): ${connection.error}\n`,
    );
  const headerEnd = connection.reply.indexOf('\r\n\r\n');
  const statusLine = connection.reply.slice(0, connection.reply.indexOf('\r\n'));
  if (headerEnd < 0 || !/^HTTP\/1\.[01] \d{3}/.test(statusLine))
    return exits(1, '', `${stderr}wget: server returned error: ${statusLine}\n`);
  if (!/^HTTP\/1\.[01] 2/.test(statusLine))
    return exits(1, '', `${stderr}wget: server returned error: ${statusLine}\n`);
  const body = connection.reply.slice(headerEnd + 4);
  const target = options.get('O') ?? (path.split('/').pop() || 'index.html');
  if (target === '-') {
    if (!quiet) stderr += `writing to stdout\n${progressLine('-', body.length)}`;
    return {
      kind: 'exits',
      exitCode: 0,
      stdout: body,
      stderr: quiet ? stderr : `${stderr}written to stdout\n`,
    };
  }
  const written = env.fs?.writeFile(normalizePath(target, env.cwd || '/'), body, true);
  if (written && !written.ok)
    return exits(1, '', `${stderr}wget: can't open '${target}': ${written.reason}\n`);
  if (!quiet)
    stderr += `saving to '${target}'\n${progressLine(target, body.length)}'${target}' saved\n`;
  return exits(0, '', stderr);
};

/** busybox httpd [-f] [-p PORT] [-h HOME]: serves files; without -f it forks into the background. */
const httpd: Program = (env) => {
  const { options, bad } = parseOptions(env.args, 'phcrmeduiP');
  if (bad !== null) return exits(1, '', `httpd: invalid option -- '${bad}'\n`);
  const port = options.get('p') ?? '80';
  if (!validPort(port)) return exits(1, '', `httpd: invalid number '${port}'\n`);
  stack(env).listen({
    port: Number(port),
    proto: 'tcp',
    service: {
      kind: 'http',
      server: 'busybox',
      root: normalizePath(options.get('h') ?? '.', env.cwd || '/'),
    },
  });
  return options.has('f') ? serves() : exits(0);
};

export const NET_PROGRAMS: Record<string, Program> = { nc, nslookup, wget, httpd };
