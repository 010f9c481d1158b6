// A host whose busybox:latest was made on it by `docker import` (scripts/make-busybox-image.sh),
// as on the machine the conformance recordings come from: what a learner sees of that image.
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function localHost(): Session {
  return new Session({ seed: 1, host: { localImages: ['debian-busybox'] } });
}

describe('a locally made busybox:latest', () => {
  it('is there from the start, 1.98MB, with no registry digest', () => {
    const s = localHost();
    expect(s.run("docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'").stdout).toBe(
      'busybox:latest 1.98MB\n',
    );
    expect(
      s.run(
        "docker image inspect -f '{{.Size}} {{json .RepoDigests}} {{.Comment}} {{len .RootFS.Layers}}' busybox",
      ).stdout,
    ).toBe('1982908 [] busybox-static v1.35.0 from Debian 1\n');
    expect(
      s.run(
        "docker image inspect -f '{{json .Config.Cmd}} {{json .Config.Env}} {{json .Config.Labels}}' busybox",
      ).stdout,
    ).toBe(
      '["sh"] ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] {"org.hypervisual.origin":"debian-busybox-static"}\n',
    );
    expect(checkInvariants(s.headWorld)).toEqual([]);
  });

  it('has one history row: its own ID, no CREATED BY, the import message', () => {
    const s = localHost();
    const id = s.run("docker image inspect -f '{{.Id}}' busybox").stdout.trim();
    expect(
      s.run("docker history --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}' busybox")
        .stdout,
    ).toBe(`${id.slice(7, 19)}||1.98MB|busybox-static v1.35.0 from Debian\n`);
  });

  it('runs without a pull, with the files the import holds', () => {
    const s = localHost();
    // The same answer the recording machine's engine gives for a container of its busybox.
    const run = s.run(
      'docker run --rm busybox stat -c "%s %A %n" /bin/busybox /etc/shadow /root /var/spool/mail',
    );
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(
      [
        '1982256 -rwxr-xr-x /bin/busybox',
        '145 -rw-r----- /etc/shadow',
        '4096 drwx------ /root',
        '4096 drwxr-xr-x /var/spool/mail\n',
      ].join('\n'),
    );
    // Nothing was downloaded: still the one image, and containers inherit its label.
    expect(s.run('docker images -q').stdout.trim().split('\n')).toHaveLength(1);
    s.run('docker create --name lb-c busybox');
    expect(s.run("docker inspect -f '{{json .Config.Labels}}' lb-c").stdout).toBe(
      '{"org.hypervisual.origin":"debian-busybox-static"}\n',
    );
  });

  it('is what hv host add --local-busybox gives a new server', () => {
    const s = new Session({ seed: 1 });
    expect(s.run('hv host add --name lab --cpus 2 --memory 8g --local-busybox').exitCode).toBe(0);
    expect(s.run("docker -H tcp://lab:2375 image inspect -f '{{.Size}}' busybox").stdout).toBe(
      '1982908\n',
    );
    // The first server is untouched: it has no images until it pulls one.
    expect(s.run('docker images -q').stdout).toBe('');
  });
});
