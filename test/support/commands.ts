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
    { weight: 3, arbitrary: dockerImageCommand },
    { weight: 1, arbitrary: garbageCommand },
  ),
  {
    minLength: 1,
    maxLength: 25,
  },
);
