// The normaliser on real output recorded from Docker 20.10: what changes between two runs of
// the same scenario disappears, what a learner would notice stays.
import { describe, expect, it } from 'vitest';
import {
  newNormalizeState,
  normalizeAddresses,
  normalizeSteps,
  normalizeText,
  normalizeTimes,
  splitTables,
} from './normalize.ts';
import { loadRecording } from './fixtures.ts';
import type { RecordedStep } from './scenario.ts';

function stepOf(scenario: string, cmdStart: string, nth = 0): RecordedStep {
  const steps = normalizeSteps(loadRecording(scenario).steps);
  const found = steps.filter((step) => step.cmd.startsWith(cmdStart))[nth];
  if (!found) throw new Error(`${scenario}: no step ${cmdStart}`);
  return found;
}

/** The same text with every hex ID swapped for another, as a second recording would have. */
function withOtherIds(text: string): string {
  const swap = (hex: string): string =>
    [...hex].map((digit) => '0123456789abcdef'[(parseInt(digit, 16) + 7) % 16]).join('');
  return text.replace(/(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{12})(?![0-9a-f])/g, swap);
}

describe('IDs', () => {
  it('gives the container in a name conflict the number it got when it was created', () => {
    const created = stepOf('14-name-conflict', 'docker run -d --name hv14-web');
    const conflict = stepOf('14-name-conflict', 'docker run -d --name hv14-web', 1);
    expect(created.stdout).toBe('<ID1>\n');
    expect(conflict.stderr).toBe(
      'docker: Error response from daemon: Conflict. The container name "/hv14-web" is already ' +
        'in use by container "<ID1>". You have to remove (or rename) that container to be able ' +
        "to reuse that name.\nSee 'docker run --help'.\n",
    );
  });

  it('maps a short ID (the default hostname) to the same number as the full one', () => {
    expect(stepOf('24-hostname', 'docker exec hv24-default hostname').stdout).toBe('<ID1:12>\n');
    expect(stepOf('24-hostname', "docker inspect -f '{{slice .Id").stdout).toBe('<ID1:12>\n');
    // The other container is a different ID.
    expect(stepOf('24-hostname', 'docker run -d --name hv24-named').stdout).toBe('<ID2>\n');
  });

  it('keeps sha256: and numbers image IDs and layer digests in order of appearance', () => {
    const rmi = stepOf('42-tag-rmi', 'docker rmi hv42-img', 1);
    expect(rmi.stdout).toMatch(
      /^Untagged: hv42-img:latest\nDeleted: sha256:<ID\d+>\nDeleted: sha256:<ID\d+>\n$/,
    );
    const conflict = stepOf('42-tag-rmi', 'docker rmi ${IMG_ID}');
    const imageId = stepOf('42-tag-rmi', "docker image inspect -f '{{.Id}}' hv42-img").stdout;
    const number = /<ID(\d+)>/.exec(imageId)?.[1];
    expect(conflict.stderr).toBe(
      `Error response from daemon: conflict: unable to delete <ID${number}:12> (must be forced) - image is referenced in multiple repositories\n`,
    );
  });

  it('makes two recordings with different IDs normalise to the same text', () => {
    const steps = loadRecording('38-build-history').steps;
    const other = steps.map((step) => ({ ...step, stdout: withOtherIds(step.stdout) }));
    expect(other).not.toEqual(steps);
    expect(normalizeSteps(other)).toEqual(normalizeSteps(steps));
  });

  it('keeps two different IDs different', () => {
    const state = newNormalizeState();
    const text = 'a4f3b4f19a5f\n4c7af8aa8fcb\na4f3b4f19a5f\n';
    expect(normalizeText(text, state)).toBe('<ID1:12>\n<ID2:12>\n<ID1:12>\n');
  });

  it('leaves a 12-digit decimal number alone unless it is a known ID prefix', () => {
    expect(normalizeText('bytes 123456789012\n', newNormalizeState())).toBe('bytes 123456789012\n');
  });

  it('shortens digests that history truncates with an ellipsis', () => {
    const history = stepOf('38-build-history', 'docker history hv38-img');
    expect(history.stdout).toContain('/bin/sh -c #(nop) COPY file:<hex>… | 29B');
  });
});

describe('namespaces', () => {
  it('shows a shared PID namespace as the same placeholder and a private one as another', () => {
    const donor = stepOf('29-ns-pid-share', 'docker exec hv29-a readlink').stdout;
    const joined = stepOf(
      '29-ns-pid-share',
      'docker run --rm --pid container:hv29-a busybox readlink',
    ).stdout;
    const alone = stepOf('29-ns-pid-share', 'docker run --rm busybox readlink').stdout;
    expect(donor).toMatch(/^pid:\[<NS\d+>\]\n$/);
    expect(joined).toBe(donor);
    expect(alone).not.toBe(donor);
  });

  it('shows which namespaces two side-by-side containers share (user and cgroup on v1)', () => {
    const a = stepOf('33-ns-all-links', 'docker exec hv33-a').stdout.split('\n');
    const b = stepOf('33-ns-all-links', 'docker exec hv33-b').stdout.split('\n');
    const shared = a
      .filter((line, index) => line !== '' && line === b[index])
      .map((l) => l.split(' ')[0]);
    expect(shared).toEqual(['cgroup', 'user']);
  });
});

describe('times', () => {
  it('replaces ages and uptimes but keeps states and exit codes', () => {
    const ps = stepOf(
      '18-ps-filters-format',
      "docker ps -a --filter name=^hv18- --format '{{.Names}} {{.Status}}'",
    );
    expect(ps.stdout).toBe(
      'hv18-new Created\nhv18-fail Exited (1) <ago>\nhv18-ok Exited (0) <ago>\nhv18-run Up <duration>\n',
    );
    expect(stepOf('06-pause-unpause', 'docker ps -a').stdout).toBe(
      'hv06-p Up <duration> (Paused)\n',
    );
  });

  it('covers every form of Go units.HumanDuration', () => {
    const forms = [
      'Less than a second ago',
      '1 second ago',
      '59 seconds ago',
      'About a minute ago',
      '3 minutes ago',
      'About an hour ago',
      '2 hours ago',
      '3 days ago',
      '2 weeks ago',
      '4 months ago',
      '2 years ago',
    ];
    for (const form of forms) expect(normalizeTimes(`Exited (0) ${form}`)).toBe('Exited (0) <ago>');
    expect(normalizeTimes('Up About an hour (Paused)')).toBe('Up <duration> (Paused)');
  });

  it('replaces RFC 3339 and Go default timestamps', () => {
    expect(normalizeTimes('"Created": "2026-11-23T19:08:49.145125366Z",')).toBe(
      '"Created": "<time>",',
    );
    expect(normalizeTimes('2026-11-23 19:08:49 +0000 UTC')).toBe('<time>');
  });

  it('drops the CLI log line that comes and goes when a container fails to start', () => {
    const raw =
      'docker: Error response from daemon: unable to find user nosuchuser: no matching entries in passwd file.\n' +
      'time="2026-11-23T19:13:51Z" level=error msg="error waiting for container: context canceled"\n';
    expect(normalizeText(raw, newNormalizeState())).toBe(
      'docker: Error response from daemon: unable to find user nosuchuser: no matching entries in passwd file.\n',
    );
  });
});

describe('tables', () => {
  it('cuts docker ps rows at the header columns, so an empty cell stays empty', () => {
    const ps = stepOf('18-ps-filters-format', 'docker ps -a --filter name=^hv18-run', 1);
    expect(ps.stdout).toBe(
      'CONTAINER ID | IMAGE | COMMAND | CREATED | STATUS | PORTS | NAMES\n' +
        '<ID1:12> | busybox | "sleep 300" | <ago> | Up <duration> |  | hv18-run\n',
    );
  });

  it('keeps history rows: one per instruction, sizes, and the base layer without CREATED BY', () => {
    const rows = stepOf('38-build-history', 'docker history hv38-img').stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('IMAGE | CREATED | CREATED BY | SIZE | COMMENT');
    expect(rows).toHaveLength(11);
    expect(rows[4]).toMatch(
      /^<ID\d+:12> \| <ago> \| \/bin\/sh -c mkdir -p \/data && echo data > \/da… \| 5B$/,
    );
    // The base image's row has an empty CREATED BY cell between CREATED and SIZE.
    expect(rows[10]?.split(' | ')).toEqual([
      '<ID1:12>',
      '<ago>',
      '',
      '1.98MB',
      'busybox-static v1.35.0 from Debian',
    ]);
  });

  it('leaves text without a table header alone', () => {
    const text = 'Sending build context to Docker daemon  3.072kB\nStep 1/6 : FROM busybox\n';
    expect(splitTables(text)).toBe(text);
  });

  it('splits several tables separated by blank lines (system df -v)', () => {
    const df = stepOf('48-system-df', 'docker system df -v').stdout;
    expect(df).toContain('VOLUME NAME | LINKS | SIZE\n');
    expect(df).toContain('Images space usage:\n\nREPOSITORY | TAG | IMAGE ID |');
  });
});

describe('paths, sizes and addresses', () => {
  it('maps the recorder engine directories and working directory', () => {
    expect(stepOf('44-volumes', "docker volume inspect -f '{{.Mountpoint}}'").stdout).toBe(
      '/var/lib/docker/volumes/hv44-data/_data\n',
    );
    expect(stepOf('49-cp', 'docker cp nosuch.txt').stderr).toBe(
      'lstat <workdir>/nosuch.txt: no such file or directory\n',
    );
  });

  it('replaces sizes only when asked', () => {
    const raw = loadRecording('52-stats').steps.find((s) => s.cmd.includes('{{.MemUsage}}'));
    expect(raw).toBeDefined();
    const stdout = raw?.stdout ?? '';
    expect(normalizeText(stdout, newNormalizeState())).toMatch(
      /^hv52-s \d+(\.\d+)?KiB \/ 64MiB\n$/,
    );
    expect(normalizeText(stdout, newNormalizeState(), { sizes: true })).toBe(
      'hv52-s <size> / <size>\n',
    );
  });

  it('numbers addresses when asked, keeping loopback and the veth peer index out of it', () => {
    // `ip -4 addr show eth0` on a user-defined network, as an earlier recording of
    // 46-networks printed it (the scenario now greps the inet line: the indexes vary).
    const raw =
      '9: eth0@if10: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n' +
      '    inet 10.213.46.2/24 brd 10.213.46.255 scope global eth0\n';
    const text = normalizeAddresses(raw, newNormalizeState());
    expect(text).toMatch(/^<n>: eth0@if<n>: <BROADCAST/);
    expect(text).toContain('inet <IP1>/24 brd <IP2> scope global eth0');
    expect(normalizeAddresses('127.0.0.1 0.0.0.0', newNormalizeState())).toBe('127.0.0.1 0.0.0.0');
  });

  it('strips trailing whitespace that tabwriter leaves after the last cell', () => {
    const raw = loadRecording('30-ns-ipc-uts').steps.find((s) => s.cmd.includes('IpcMode'));
    expect(raw?.stdout).toBe('shareable  \n');
    expect(normalizeText(raw?.stdout ?? '', newNormalizeState())).toBe('shareable\n');
  });
});
