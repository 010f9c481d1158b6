// Random command lines for property tests: mostly well-formed hv commands over a small pool of
// names (so they interact: a VM is created, started, filled with apps, stopped...), with some
// malformed ones mixed in.
import fc from 'fast-check';

const hostNames = ['host1', 'h2', 'h3'];
const vmNames = ['vm1', 'vm2', 'vm3'];
const appNames = ['shop', 'db', 'batch', 'hog'];
const places = [...hostNames, ...vmNames];
const sizes = ['256m', '512m', '1g', '2g', '4g', '8g', '20g', '40g'];
const oses = ['ubuntu-22.04', 'debian-12', 'alpine-3.19', 'windows-server-2022'];
const products = ['kvm', 'esxi', 'hyper-v', 'xen', 'virtualbox', 'vmware-workstation'];

const pick = <T>(items: T[]) => fc.constantFrom(...items);

const imageRefs = [
  'busybox',
  'busybox:1.36',
  'alpine',
  'alpine:3.19',
  'debian',
  'debian:bookworm-slim',
  'nginx',
  'redis',
  'node:20',
  'python',
  'nosuch',
  'busybox:nope',
  'mine:v1',
  'mine',
];

export const dockerImageCommand: fc.Arbitrary<string> = fc.oneof(
  pick(imageRefs).map((ref) => `docker pull ${ref}`),
  fc
    .tuple(pick(imageRefs), fc.boolean())
    .map(([ref, force]) => `docker rmi ${force ? '-f ' : ''}${ref}`),
  fc
    .tuple(pick(imageRefs), pick(['mine:v1', 'mine', 'other:x', 'BAD:x']))
    .map(([source, target]) => `docker tag ${source} ${target}`),
  fc.constant('docker images'),
  pick(imageRefs).map((ref) => `docker history ${ref}`),
  pick(imageRefs).map((ref) => `docker image inspect ${ref}`),
);

const containerNames = ['web', 'db', 'job'];
const runCommands = [
  '',
  'echo hi',
  'sleep 3',
  'sleep 300',
  'true',
  'false',
  'nosuchcmd',
  "sh -c 'echo a; exit 4'",
  "sh -c 'while :; do :; done'",
  'nginx',
  "sh -c 'head -c 100m /dev/zero | tail; echo $?'",
  "sh -c 'head -c 2g /dev/zero | wc -c'",
  'sh -c \'grep -E "(" /etc/passwd; grep -c root /etc/passwd /nope\'',
  'sh -c \'touch /tmp/f && chown nobody /tmp/f && stat -c "%U %G %a %A" /tmp/f\'',
  'grep CapEff /proc/self/status',
  'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /proc/self/cgroup',
  "sh -c 'hostname other; id; whoami; echo x > /dev/shm/y; wc /dev/shm/y'",
  '/etc/passwd',
];
const runOptions = [
  '-v data:/data',
  '--network lab',
  '-v /anon',
  '',
  '-d',
  '--rm',
  '-m 64m',
  '--cpus 0.5',
  '--cpu-shares 512',
  '--pids-limit 10',
  '-e A=1',
  '--pid host',
  '--pid container:web',
  '--network none',
  '-m 1m',
  '--cpus 99',
  '-m 8m',
  '--user nobody',
  '--user 1234:1234',
  '--user nosuch',
  '--cap-add SYS_ADMIN',
  '--cap-drop ALL',
  '--cap-add bogus',
  '--privileged',
  '--read-only --tmpfs /tmp',
  '--tmpfs relative',
  '--cpuset-cpus 0',
  '--cpuset-cpus 99',
  '--cpuset-cpus 1-0',
  '--memory-swap 16m -m 8m',
];

export const dockerContainerCommand: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.option(pick(containerNames), { nil: undefined }),
      pick(runOptions),
      pick(['busybox', 'nginx', 'alpine', 'nosuch']),
      pick(runCommands),
    )
    .map(([name, options, image, command]) =>
      `docker run ${name ? `--name ${name} ` : ''}${options} ${image} ${command}`
        .replace(/ +/g, ' ')
        .trim(),
    ),
  fc
    .tuple(
      pick([
        'start',
        'stop -t 1',
        'kill',
        'restart -t 0',
        'rm',
        'rm -f',
        'logs',
        'inspect',
        'wait',
      ]),
      pick([...containerNames, 'ghost']),
    )
    .map(([verb, name]) => `docker ${verb} ${name}`),
  pick([
    'docker volume ls',
    'docker network create --subnet 10.99.0.0/24 lab',
    'docker network rm lab',
    'docker network connect lab web',
    'docker network disconnect lab web',
    'docker volume rm data',
    'docker volume prune -f',
    'docker rm -v web',
    'docker commit web snap',
  ]),
  pick([
    'docker ps',
    'docker ps -a',
    'docker ps -aq',
    "docker ps -a --format '{{.Names}} {{.Status}}'",
    'docker ps --filter status=exited',
  ]),
);

/** Restart policies, prune, cp, bind mounts and contexts, over the same few names. */
export const dockerLifecycleCommand: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      pick(containerNames),
      pick(['always', 'on-failure', 'on-failure:2', 'unless-stopped', 'no', 'bogus', 'always:3']),
      pick(["sh -c 'exit 3'", 'true', 'sleep 2', 'nosuchcmd']),
    )
    .map(
      ([name, policy, command]) =>
        `docker run -d --name ${name} --restart ${policy} busybox ${command}`,
    ),
  pick([
    'docker container prune -f',
    'docker container prune',
    'docker image prune -f',
    'docker image prune -af',
    'docker volume prune -f --filter label=x',
    'docker network prune -f',
    'docker system prune -f',
    'docker system prune -af --volumes',
    'docker container prune -f --filter until=1h',
    'docker image prune -f --filter bogus=1',
    'docker images --filter dangling=true -q',
    'docker images --filter label=a=b',
  ]),
  fc
    .tuple(
      pick(['notes.txt', 'dir', 'nosuch.txt', 'Dockerfile']),
      pick(containerNames),
      pick(['/tmp', '/tmp/', '/etc/passwd', '/nodir/', '/nodir/x', '/data/x', '/']),
    )
    .map(([file, name, path]) => `docker cp ${file} ${name}:${path}`),
  fc
    .tuple(pick(containerNames), pick(['/etc/hostname', '/tmp', '/no/such', '/etc/']))
    .map(([name, path]) => `docker cp ${name}:${path} out`),
  pick(['one', 'two']).map((text) => `cat > dir/file <<'EOF'\n${text}\nEOF`),
  fc
    .tuple(
      pick(containerNames),
      pick([
        '-v /home/learner/dir:/data',
        '-v /home/learner/notes.txt:/notes:ro',
        '--mount type=bind,source=/home/learner/dir,target=/data,readonly',
        '--mount type=bind,source=/nope,target=/data',
        '--mount type=bind,source=/tmp',
        '-v ./dir:/data',
      ]),
      pick(["sh -c 'echo x > /data/x; rm /data/file'", 'cat /notes', 'ls /data']),
    )
    .map(([name, mount, command]) => `docker run --name ${name} ${mount} busybox ${command}`),
  pick([
    'docker context create h2 --docker host=tcp://h2:2375',
    'docker context create far --docker host=tcp://h9:2375',
    'docker context create bad --docker host=foo',
    'docker context use h2',
    'docker context use far',
    'docker context use default',
    'docker context ls',
    'docker context inspect',
    'docker context rm h2',
    'docker context rm -f far',
    'docker --context h2 ps',
  ]),
);

const dockerfiles = [
  'FROM busybox\nRUN echo hi > /hi\nCMD ["cat", "/hi"]',
  'FROM busybox\nCOPY notes.txt /notes.txt\nRUN rm /etc/shadow',
  'FROM nosuch\nRUN true',
  'FROM busybox\nRUN exit 2',
  'FROM busybox\nFOO bar',
  'RUN echo no from',
  // Multi-stage builds, COPY --from a stage (by name and index) or an image, ARG before FROM.
  'ARG BASE=busybox\nFROM $BASE AS build\nRUN echo built > /out\nFROM busybox\nCOPY --from=build /out /out\nCOPY --from=0 /out /again',
  'FROM busybox AS a\nRUN echo a > /a\nFROM a\nCOPY --from=busybox /etc/passwd /passwd\nCOPY --from=nosuch /x /x',
  'FROM busybox AS same\nCOPY --from=same /a /b',
  // ADD: a directory, a local tar archive (unpacked), a URL (no network), a missing file.
  'FROM busybox\nADD dir /d\nADD app.tar /unpacked\nCOPY app.tar /copied/',
  'FROM busybox\nADD https://example.com/x.tar.gz /x/',
  'FROM busybox\nCOPY missing.txt notes.txt /multi\nCOPY *.nomatch /x/',
  'FROM busybox\nWORKDIR /app\nRUN echo x > here\nRUN sh -c "exit 3"',
];

export const dockerBuildCommand: fc.Arbitrary<string> = fc.oneof(
  pick(dockerfiles).map((text) => `cat > Dockerfile <<'EOF'\n${text}\nEOF`),
  pick(['one', 'two']).map((text) => `cat > notes.txt <<'EOF'\n${text}\nEOF`),
  pick(['x', 'y']).map((text) => `cat > dir/sub/${text}.txt <<'EOF'\n${text}\nEOF`),
  pick(['tar -cf app.tar dir', 'tar -cf app.tar notes.txt nosuch', 'tar -tf app.tar']),
  pick([
    "docker import -m 'from dir' -c 'CMD [\"sh\"]' app.tar imported",
    "docker import -c 'RUN true' app.tar imported",
    'docker import notes.txt imported',
    'docker rmi imported',
  ]),
  pick([
    'docker build -t built .',
    'docker build -t built -t built:v2 --build-arg BASE=busybox .',
    'docker rmi built:v2',
    'docker images -a --filter dangling=true',
    "docker images --filter 'reference=bu*' --digests",
    'docker ps -a',
    'docker build --no-cache -t built .',
    'docker build -q .',
    'docker rmi built',
    'docker run --rm built',
    'docker history built',
  ]),
  // A private registry: pushes and pulls, with it running or not, and Docker Hub's refusal.
  pick([
    'docker run -d --name registry registry:2',
    'docker run -d -p 5000:5000 --name registry registry:2',
    'docker stop registry',
    'docker rm -f registry',
    'docker tag built localhost:5000/built',
    'docker tag busybox localhost:5000/busybox',
    'docker push localhost:5000/built',
    'docker push localhost:5000/busybox',
    'docker push built',
    'docker pull localhost:5000/built',
    'docker pull localhost:5000/nosuch',
    'docker rmi localhost:5000/built',
  ]),
);

export const hvCommand: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      pick(hostNames.slice(1)),
      fc.integer({ min: 1, max: 32 }),
      pick(['8g', '16g', '32g', '64g']),
      pick(oses),
    )
    .map(
      ([name, cpus, memory, os]) =>
        `hv host add --name ${name} --cpus ${cpus} --memory ${memory} --os ${os}`,
    ),
  fc
    .tuple(pick(hostNames), pick(['1', '2']), fc.option(pick(products), { nil: undefined }))
    .map(
      ([host, type, product]) =>
        `hv hypervisor install --on ${host} --type ${type}${product ? ` --product ${product}` : ''}`,
    ),
  fc
    .tuple(
      pick(vmNames),
      pick(hostNames),
      fc.integer({ min: 1, max: 10 }),
      pick(sizes),
      pick(['10g', '20g', '40g']),
      pick(oses),
    )
    .map(
      ([name, host, vcpus, memory, disk, os]) =>
        `hv vm create --name ${name} --on ${host} --vcpus ${vcpus} --memory ${memory} --disk ${disk} --os ${os}`,
    ),
  fc.tuple(pick(['start', 'stop', 'rm']), pick(vmNames)).map(([verb, vm]) => `hv vm ${verb} ${vm}`),
  fc
    .tuple(pick(places), pick(appNames), pick(['0.5', '1', '2', '6']), pick(sizes))
    .map(
      ([on, name, cpu, memory]) =>
        `hv app run --on ${on} --name ${name} --cpu-demand ${cpu} --memory ${memory}`,
    ),
  pick(appNames).map((name) => `hv app stop ${name}`),
  fc.constant('hv ps'),
  pick([...places, ...appNames]).map((name) => `hv inspect ${name}`),
  fc.integer({ min: 0, max: 120 }).map((seconds) => `sleep ${seconds}`),
);

/** Anything at all: random words, flags, unicode, control characters. */
export const garbageCommand: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'hv',
          'vm',
          'create',
          'start',
          '--name',
          '--memory',
          '-m',
          '--',
          '—name',
          '"',
          "'",
          '<<EOF',
          '>',
        ),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 10 },
    )
    .map((words) => words.join(' ')),
);

export const commandSequence = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: hvCommand },
    { weight: 2, arbitrary: dockerImageCommand },
    { weight: 3, arbitrary: dockerContainerCommand },
    { weight: 2, arbitrary: dockerBuildCommand },
    { weight: 2, arbitrary: dockerLifecycleCommand },
    { weight: 1, arbitrary: garbageCommand },
  ),
  {
    minLength: 1,
    maxLength: 25,
  },
);
