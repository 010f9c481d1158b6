// docker context: the client keeps named daemon endpoints; `docker context use` makes later
// commands talk to that host's daemon, as -H would, until the context changes again.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';

function session() {
  const s = new Session({ seed: 1 });
  s.run('hv host add --name h2 --cpus 4 --memory 8g');
  return s;
}

describe('docker context', () => {
  it('create, use and ls: later commands reach the chosen host', () => {
    const s = session();
    expect(s.run('docker context create h2 --docker host=tcp://h2:2375')).toMatchObject({
      stdout: 'h2\n',
      stderr: 'Successfully created context "h2"\n',
      exitCode: 0,
    });
    expect(s.run('docker context use h2')).toMatchObject({
      stdout: 'h2\n',
      stderr: 'Current context is now "h2"\n',
    });
    expect(s.run('docker context ls').stdout).toBe(
      [
        'NAME      DESCRIPTION                               DOCKER ENDPOINT               KUBERNETES ENDPOINT   ORCHESTRATOR',
        'default   Current DOCKER_HOST based configuration   unix:///var/run/docker.sock                         swarm',
        'h2 *                                                tcp://h2:2375                                       ',
        '',
      ].join('\n'),
    );
    s.run('docker run -d --name remote busybox sleep 100');
    const onH2 = Object.values(s.headWorld.daemons).find((daemon) => daemon.hostId !== 'host-1')!;
    expect(Object.values(onH2.containers).map((c) => c.name)).toEqual(['remote']);
    expect(s.run("docker ps --format '{{.Names}}'").stdout).toBe('remote\n');
    expect(s.run("docker --context default ps --format '{{.Names}}'").stdout).toBe('');
    expect(s.run('docker -H tcp://h2:2375 --context h2 ps').stderr).toBe(
      'Conflicting options: either specify --host or --context, not both\n',
    );
    s.run('docker context use default');
    expect(s.run("docker ps --format '{{.Names}}'").stdout).toBe('');
  });

  it('inspect shows the endpoint, and where the CLI stores the context', () => {
    const s = session();
    s.run('docker context create h2 --description second --docker host=tcp://h2:2375');
    expect(
      s.run(
        "docker context inspect -f '{{.Name}} {{.Metadata.Description}} {{.Endpoints.docker.Host}}' h2",
      ).stdout,
    ).toBe('h2 second tcp://h2:2375\n');
    expect(s.run('docker context inspect').stdout).toContain(
      '"MetadataPath": "\\u003cIN MEMORY\\u003e"',
    );
    expect(s.run('docker context inspect h2').stdout).toContain(
      // sha256("h2"), as the CLI names the directory
      '/home/learner/.docker/contexts/meta/f998fe06afa0cfbe73e0449dc2b1698309e1b5714960f027b2858312b152c275',
    );
    expect(s.run('docker context inspect nosuch')).toMatchObject({
      stdout: '[]\n',
      stderr: 'context "nosuch" does not exist\n',
      exitCode: 1,
    });
  });

  it("refuses what Docker's CLI refuses, in its words", () => {
    const s = session();
    s.run('docker context create h2 --docker host=tcp://h2:2375');
    const cases: [string, string][] = [
      ['docker context create h2 --docker host=tcp://h2:2375', 'context "h2" already exists\n'],
      ['docker context create default', '"default" is a reserved context name\n'],
      [
        'docker context create bad --docker host=foo',
        'unable to create docker endpoint config: unable to apply docker endpoint options: unable to parse docker host `foo`\n',
      ],
      [
        'docker context create x! --docker host=tcp://h2:2375',
        'context name "x!" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"\n',
      ],
      ['docker context use nosuch', 'context "nosuch" does not exist\n'],
      ['docker context rm default', 'default: context "default" cannot be removed\n'],
      ['docker context rm nosuch', 'nosuch: context "nosuch" does not exist\n'],
      [
        'docker --context nosuch ps',
        'unable to resolve docker endpoint: context "nosuch" does not exist\n',
      ],
    ];
    for (const [line, stderr] of cases)
      expect(s.run(line), line).toMatchObject({ stderr, exitCode: 1 });
    s.run('docker context use h2');
    expect(s.run('docker context rm h2').stderr).toBe(
      'h2: context is in use, set -f flag to force remove\n',
    );
    expect(s.run('docker context rm -f h2').stdout).toBe('h2\n');
    // The current context went with it: back to the local daemon.
    expect(s.run('docker context ls -q').stdout).toBe('default\n');
    expect(s.run('docker ps').exitCode).toBe(0);
  });

  it('a context whose host is gone fails like an unreachable daemon, and can be left', () => {
    const s = session();
    s.run('docker context create far --docker host=tcp://h9:2375');
    s.run('docker context use far');
    expect(s.run('docker ps')).toMatchObject({
      stderr:
        'Cannot connect to the Docker daemon at tcp://h9:2375. Is the docker daemon running?\n',
      exitCode: 1,
    });
    expect(s.run('docker context use default').exitCode).toBe(0);
  });
});
