// Prune: one command removes every stopped container, unused volume, unused network or
// dangling image the filters select, printing Docker's report.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('docker pull busybox');
  return s;
}

const daemon = (s: Session) => Object.values(s.headWorld.daemons)[0]!;

describe('prune', () => {
  it('container prune removes stopped containers only, with the space their layers held', () => {
    const s = session();
    s.run("docker run --name done busybox sh -c 'echo 12345 > /f'");
    s.run('docker create --name fresh busybox');
    s.run('docker run -d --name alive busybox sleep 300');
    const ids = Object.values(daemon(s).containers)
      .filter((c) => c.name !== 'alive')
      .map((c) => c.id);
    expect(s.run('docker container prune -f')).toMatchObject({
      stdout: `Deleted Containers:\n${ids.join('\n')}\n\nTotal reclaimed space: 6B\n`,
      exitCode: 0,
    });
    expect(s.run("docker ps -a --format '{{.Names}}'").stdout).toBe('alive\n');
    expect(s.run('docker container prune -f').stdout).toBe('Total reclaimed space: 0B\n');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('asks first; with nothing on stdin the answer is no and nothing is removed', () => {
    const s = session();
    s.run('docker run --name done busybox true');
    expect(s.run('docker container prune')).toMatchObject({
      stdout:
        'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n',
      exitCode: 0,
    });
    expect(s.run('docker ps -aq --filter name=done').stdout).not.toBe('');
    expect(s.run('docker network prune').stdout).toBe(
      'WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ',
    );
    expect(s.run('docker system prune --filter label=a=b').stdout).toContain(
      '  Items to be pruned will be filtered with:\n  - label=a=b\n',
    );
  });

  it('filters by label (label!= keeps) and until, and refuses unknown filters', () => {
    const s = session();
    s.run('docker run --name keep --label team=a busybox true');
    s.run('docker run --name drop --label team=b busybox true');
    s.run('docker run --name other busybox true');
    s.run('docker container prune -f --filter label=team --filter label!=team=a');
    expect(s.run("docker ps -a --format '{{.Names}}'").stdout.split('\n').sort()).toEqual([
      '',
      'keep',
      'other',
    ]);
    s.run('sleep 3600');
    s.run('docker run --name recent busybox true');
    s.run('docker container prune -f --filter until=30m');
    expect(s.run("docker ps -a --format '{{.Names}}'").stdout).toBe('recent\n');
    expect(s.run('docker container prune -f --filter colour=red')).toMatchObject({
      stderr: "Error response from daemon: Invalid filter 'colour'\n",
      exitCode: 1,
    });
    expect(s.run('docker container prune -f --filter until=soon').stderr).toBe(
      'Error response from daemon: failed to parse value as time or duration: "soon"\n',
    );
    expect(s.run('docker volume prune -f --filter until=1h').stderr).toBe(
      "Error response from daemon: Invalid filter 'until'\n",
    );
  });

  it('volume and network prune spare what containers use', () => {
    const s = session();
    s.run('docker volume create idle');
    s.run('docker run -d --name user -v busy:/data busybox sleep 300');
    s.run('docker network create --subnet 10.50.0.0/24 spare');
    s.run('docker network create --subnet 10.51.0.0/24 taken');
    s.run('docker network connect taken user');
    expect(s.run('docker volume prune -f').stdout).toBe(
      'Deleted Volumes:\nidle\n\nTotal reclaimed space: 0B\n',
    );
    expect(s.run('docker network prune -f').stdout).toBe('Deleted Networks:\nspare\n\n');
    expect(s.run('docker network ls -q --filter name=taken').stdout).not.toBe('');
  });

  it('image prune removes dangling images; -a also unused tagged ones, with their layers', () => {
    const s = session();
    s.run("cat > Dockerfile <<'EOF'\nFROM busybox\nRUN echo one > /v\nEOF");
    s.run('docker build -q -t app .');
    s.run("cat > Dockerfile <<'EOF'\nFROM busybox\nRUN echo two > /v\nEOF");
    s.run('docker build -q -t app .');
    expect(s.run('docker images -q --filter dangling=true').stdout).toMatch(/^[0-9a-f]{12}\n$/);
    const pruned = s.run('docker image prune -f').stdout;
    expect(pruned).toMatch(
      /^Deleted Images:\ndeleted: sha256:[0-9a-f]{64}\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: 4B\n$/,
    );
    expect(s.run('docker images -q --filter dangling=true').stdout).toBe('');
    s.run('docker run --name pin busybox true');
    const all = s.run('docker image prune -af').stdout;
    expect(all).toContain('untagged: app:latest\n');
    expect(all).not.toContain('busybox');
    expect(s.run("docker images --format '{{.Repository}}'").stdout).toBe('busybox\n');
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('system prune runs them in order and adds up the space', () => {
    const s = session();
    s.run("docker run --name done busybox sh -c 'echo 1234 > /f'");
    s.run('docker network create --subnet 10.52.0.0/24 spare');
    s.run('docker volume create idle');
    const out = s.run('docker system prune -f --volumes').stdout;
    expect(out).toMatch(
      /^Deleted Containers:\n[0-9a-f]{64}\n\nDeleted Networks:\nspare\n\nDeleted Volumes:\nidle\n\nTotal reclaimed space: 5B\n$/,
    );
    expect(s.run('docker system prune -f --volumes --filter until=1h').stderr).toBe(
      'ERROR: The "until" filter is not supported with "--volumes"\n',
    );
  });
});
