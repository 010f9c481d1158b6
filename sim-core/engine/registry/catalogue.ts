// The simulated Docker Hub: real image names and tags with layer counts and sizes close to
// the public images' manifests (approximated by hand from Docker Hub's listings in 2024 for
// linux/amd64, rounded; they are illustrations of scale, not byte-exact copies). Base layers
// are shared the way the real images share them: nginx, redis, postgres and httpd sit on
// debian:bookworm-slim; node and python on buildpack-deps:bookworm, whose first layer is
// debian:bookworm itself. Digests are synthetic (SHA-256 of a name), never real ones.
import { sha256Hex } from '../../trace/sha256.ts';
import type { ImageConfig } from '../images/image.ts';

export interface CatalogueLayer {
  /** A stable name for this layer; digests are derived from it. */
  key: string;
  sizeBytes: number;
  compressedBytes: number;
  createdBy: string;
  paths: string[];
}

export interface CatalogueImage {
  repository: string;
  tags: string[];
  /** Filesystem layers, lowest first. */
  layers: CatalogueLayer[];
  /** Metadata-only history rows after the layers (CMD, ENV, EXPOSE, ...). */
  metadata: string[];
  config: ImageConfig;
  createdUnixSeconds: number;
}

function layer(
  key: string,
  sizeBytes: number,
  compressedBytes: number,
  createdBy: string,
  paths: string[],
): CatalogueLayer {
  return { key, sizeBytes, compressedBytes, createdBy, paths };
}

function config(partial: Partial<ImageConfig>): ImageConfig {
  return {
    cmd: null,
    entrypoint: null,
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    workingDir: '',
    user: '',
    exposedPorts: [],
    volumes: [],
    labels: {},
    ...partial,
  };
}

const debianSkeleton = [
  '/bin/bash',
  '/usr/bin/apt-get',
  '/etc/debian_version',
  '/etc/passwd',
  '/lib/x86_64-linux-gnu/libc.so.6',
];

const BASES = {
  busybox: layer(
    'busybox-1.36.1',
    4_261_000,
    2_153_000,
    '/bin/sh -c #(nop) ADD file:busybox-1.36.1-rootfs in / ',
    ['/bin/busybox', '/bin/sh', '/etc/passwd', '/etc/group'],
  ),
  alpine319: layer(
    'alpine-3.19',
    7_377_000,
    3_415_000,
    '/bin/sh -c #(nop) ADD file:alpine-3.19-minirootfs in / ',
    ['/bin/busybox', '/sbin/apk', '/etc/alpine-release', '/lib/ld-musl-x86_64.so.1'],
  ),
  alpine320: layer(
    'alpine-3.20',
    7_797_000,
    3_624_000,
    '/bin/sh -c #(nop) ADD file:alpine-3.20-minirootfs in / ',
    ['/bin/busybox', '/sbin/apk', '/etc/alpine-release', '/lib/ld-musl-x86_64.so.1'],
  ),
  bookworm: layer(
    'debian-bookworm',
    116_500_000,
    49_560_000,
    '/bin/sh -c #(nop) ADD file:debian-bookworm-rootfs in / ',
    debianSkeleton,
  ),
  bookwormSlim: layer(
    'debian-bookworm-slim',
    74_760_000,
    29_150_000,
    '/bin/sh -c #(nop) ADD file:debian-bookworm-slim-rootfs in / ',
    debianSkeleton,
  ),
  jammy: layer(
    'ubuntu-22.04',
    77_860_000,
    29_540_000,
    '/bin/sh -c #(nop) ADD file:ubuntu-jammy-rootfs in / ',
    ['/bin/bash', '/usr/bin/apt-get', '/etc/lsb-release'],
  ),
  noble: layer(
    'ubuntu-24.04',
    78_120_000,
    29_710_000,
    '/bin/sh -c #(nop) ADD file:ubuntu-noble-rootfs in / ',
    ['/bin/bash', '/usr/bin/apt-get', '/etc/lsb-release'],
  ),
};

/** buildpack-deps:bookworm: debian plus curl, then version-control tools, then compilers. */
const BUILDPACK = [
  BASES.bookworm,
  layer(
    'buildpack-curl',
    40_350_000,
    24_050_000,
    '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase wget',
    ['/usr/bin/curl', '/usr/bin/wget'],
  ),
  layer(
    'buildpack-scm',
    155_500_000,
    64_140_000,
    '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps',
    ['/usr/bin/git', '/usr/bin/ssh'],
  ),
  layer(
    'buildpack-deps',
    586_700_000,
    211_300_000,
    '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends autoconf automake bzip2 gcc g++ make ...',
    ['/usr/bin/gcc', '/usr/bin/make'],
  ),
];

export const CATALOGUE: CatalogueImage[] = [
  {
    repository: 'busybox',
    tags: ['latest', '1.36', '1.36.1'],
    layers: [BASES.busybox],
    metadata: ['/bin/sh -c #(nop)  CMD ["sh"]'],
    config: config({ cmd: ['sh'] }),
    createdUnixSeconds: 1_716_000_000,
  },
  {
    repository: 'alpine',
    tags: ['3.19', '3.19.1'],
    layers: [BASES.alpine319],
    metadata: ['/bin/sh -c #(nop)  CMD ["/bin/sh"]'],
    config: config({ cmd: ['/bin/sh'] }),
    createdUnixSeconds: 1_706_000_000,
  },
  {
    repository: 'alpine',
    tags: ['latest', '3.20', '3.20.0'],
    layers: [BASES.alpine320],
    metadata: ['/bin/sh -c #(nop)  CMD ["/bin/sh"]'],
    config: config({ cmd: ['/bin/sh'] }),
    createdUnixSeconds: 1_716_900_000,
  },
  {
    repository: 'debian',
    tags: ['latest', 'bookworm', '12'],
    layers: [BASES.bookworm],
    metadata: ['/bin/sh -c #(nop)  CMD ["bash"]'],
    config: config({ cmd: ['bash'] }),
    createdUnixSeconds: 1_717_000_000,
  },
  {
    repository: 'debian',
    tags: ['bookworm-slim', '12-slim'],
    layers: [BASES.bookwormSlim],
    metadata: ['/bin/sh -c #(nop)  CMD ["bash"]'],
    config: config({ cmd: ['bash'] }),
    createdUnixSeconds: 1_717_000_000,
  },
  {
    repository: 'ubuntu',
    tags: ['22.04', 'jammy'],
    layers: [BASES.jammy],
    metadata: ['/bin/sh -c #(nop)  CMD ["/bin/bash"]'],
    config: config({ cmd: ['/bin/bash'] }),
    createdUnixSeconds: 1_715_000_000,
  },
  {
    repository: 'ubuntu',
    tags: ['latest', '24.04', 'noble'],
    layers: [BASES.noble],
    metadata: ['/bin/sh -c #(nop)  CMD ["/bin/bash"]'],
    config: config({ cmd: ['/bin/bash'] }),
    createdUnixSeconds: 1_715_000_000,
  },
  {
    repository: 'nginx',
    tags: ['latest', '1.27', '1.27.0'],
    layers: [
      BASES.bookwormSlim,
      layer(
        'nginx-install',
        112_100_000,
        41_840_000,
        '/bin/sh -c set -x && groupadd --system nginx && useradd --system nginx && apt-get install nginx=1.27.0-1~bookworm ...',
        ['/usr/sbin/nginx', '/etc/nginx/nginx.conf', '/usr/share/nginx/html/index.html'],
      ),
      layer(
        'nginx-entrypoint',
        1_620,
        626,
        '/bin/sh -c #(nop) COPY file:docker-entrypoint.sh in / ',
        ['/docker-entrypoint.sh'],
      ),
      layer(
        'nginx-envsubst',
        2_120,
        956,
        '/bin/sh -c #(nop) COPY file:10-listen-on-ipv6-by-default.sh in /docker-entrypoint.d',
        ['/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh'],
      ),
      layer(
        'nginx-tune',
        3_020,
        1_210,
        '/bin/sh -c #(nop) COPY file:20-envsubst-on-templates.sh in /docker-entrypoint.d',
        ['/docker-entrypoint.d/20-envsubst-on-templates.sh'],
      ),
      layer(
        'nginx-workers',
        4_620,
        1_400,
        '/bin/sh -c #(nop) COPY file:30-tune-worker-processes.sh in /docker-entrypoint.d',
        ['/docker-entrypoint.d/30-tune-worker-processes.sh'],
      ),
    ],
    metadata: [
      '/bin/sh -c #(nop)  ENTRYPOINT ["/docker-entrypoint.sh"]',
      '/bin/sh -c #(nop)  EXPOSE 80',
      '/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT',
      '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]',
    ],
    config: config({
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      exposedPorts: ['80/tcp'],
      env: [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'NGINX_VERSION=1.27.0',
      ],
    }),
    createdUnixSeconds: 1_717_100_000,
  },
  {
    repository: 'redis',
    tags: ['latest', '7.2', '7.2.5'],
    layers: [
      BASES.bookwormSlim,
      layer(
        'redis-user',
        4_150,
        1_180,
        '/bin/sh -c groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis',
        ['/etc/passwd'],
      ),
      layer(
        'redis-gosu',
        4_180_000,
        1_830_000,
        '/bin/sh -c apt-get install -y --no-install-recommends tzdata gosu',
        ['/usr/sbin/gosu'],
      ),
      layer(
        'redis-build',
        41_830_000,
        12_310_000,
        '/bin/sh -c set -eux; ... make -C /usr/src/redis install',
        ['/usr/local/bin/redis-server', '/usr/local/bin/redis-cli'],
      ),
      layer('redis-data', 0, 97, '/bin/sh -c mkdir /data && chown redis:redis /data', ['/data']),
      layer(
        'redis-entrypoint',
        661,
        582,
        '/bin/sh -c #(nop) COPY file:docker-entrypoint.sh in /usr/local/bin/ ',
        ['/usr/local/bin/docker-entrypoint.sh'],
      ),
    ],
    metadata: [
      '/bin/sh -c #(nop)  VOLUME [/data]',
      '/bin/sh -c #(nop) WORKDIR /data',
      '/bin/sh -c #(nop)  ENTRYPOINT ["docker-entrypoint.sh"]',
      '/bin/sh -c #(nop)  EXPOSE 6379',
      '/bin/sh -c #(nop)  CMD ["redis-server"]',
    ],
    config: config({
      entrypoint: ['docker-entrypoint.sh'],
      cmd: ['redis-server'],
      exposedPorts: ['6379/tcp'],
      volumes: ['/data'],
      workingDir: '/data',
    }),
    createdUnixSeconds: 1_717_200_000,
  },
  {
    repository: 'postgres',
    tags: ['latest', '16', '16.3'],
    layers: [
      BASES.bookwormSlim,
      layer(
        'pg-user',
        4_310,
        1_110,
        '/bin/sh -c groupadd -r postgres --gid=999 && useradd -r -g postgres --uid=999 postgres',
        ['/etc/passwd'],
      ),
      layer(
        'pg-gosu',
        4_130_000,
        1_860_000,
        '/bin/sh -c apt-get install -y --no-install-recommends gosu',
        ['/usr/local/bin/gosu'],
      ),
      layer(
        'pg-locales',
        24_900_000,
        8_060_000,
        '/bin/sh -c apt-get install -y --no-install-recommends locales && localedef -i en_US ...',
        ['/usr/lib/locale/locale-archive'],
      ),
      layer(
        'pg-libnss',
        3_720_000,
        1_420_000,
        '/bin/sh -c apt-get install -y --no-install-recommends libnss-wrapper xz-utils zstd',
        ['/usr/lib/libnss_wrapper.so'],
      ),
      layer('pg-runtime-dir', 0, 116, '/bin/sh -c mkdir /docker-entrypoint-initdb.d', [
        '/docker-entrypoint-initdb.d',
      ]),
      layer(
        'pg-install',
        320_400_000,
        102_600_000,
        '/bin/sh -c apt-get install -y --no-install-recommends postgresql-16=16.3-1.pgdg120+1',
        ['/usr/lib/postgresql/16/bin/postgres', '/usr/lib/postgresql/16/bin/initdb'],
      ),
      layer(
        'pg-sample-conf',
        9_380,
        2_450,
        '/bin/sh -c dpkg-divert --add --rename --divert /usr/share/postgresql/postgresql.conf.sample.dpkg ...',
        ['/usr/share/postgresql/postgresql.conf.sample'],
      ),
      layer(
        'pg-run',
        0,
        122,
        '/bin/sh -c mkdir -p /var/run/postgresql && chown -R postgres:postgres /var/run/postgresql',
        ['/var/run/postgresql'],
      ),
      layer(
        'pg-data',
        0,
        168,
        '/bin/sh -c mkdir -p "$PGDATA" && chown -R postgres:postgres "$PGDATA" && chmod 1777 "$PGDATA"',
        ['/var/lib/postgresql/data'],
      ),
      layer(
        'pg-entrypoint',
        12_400,
        4_310,
        '/bin/sh -c #(nop) COPY file:docker-entrypoint.sh in /usr/local/bin/ ',
        ['/usr/local/bin/docker-entrypoint.sh'],
      ),
    ],
    metadata: [
      '/bin/sh -c #(nop)  VOLUME [/var/lib/postgresql/data]',
      '/bin/sh -c #(nop)  ENTRYPOINT ["docker-entrypoint.sh"]',
      '/bin/sh -c #(nop)  STOPSIGNAL SIGINT',
      '/bin/sh -c #(nop)  EXPOSE 5432',
      '/bin/sh -c #(nop)  CMD ["postgres"]',
    ],
    config: config({
      entrypoint: ['docker-entrypoint.sh'],
      cmd: ['postgres'],
      exposedPorts: ['5432/tcp'],
      volumes: ['/var/lib/postgresql/data'],
      env: [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/16/bin',
        'PGDATA=/var/lib/postgresql/data',
      ],
    }),
    createdUnixSeconds: 1_717_300_000,
  },
  {
    repository: 'httpd',
    tags: ['latest', '2.4', '2.4.59'],
    layers: [
      BASES.bookwormSlim,
      layer(
        'httpd-prefix',
        0,
        176,
        '/bin/sh -c mkdir -p "$HTTPD_PREFIX" && chown www-data:www-data "$HTTPD_PREFIX"',
        ['/usr/local/apache2'],
      ),
      layer(
        'httpd-runtime',
        12_830_000,
        4_860_000,
        '/bin/sh -c apt-get install -y --no-install-recommends ca-certificates libaprutil1-ldap libldap-common',
        ['/usr/lib/x86_64-linux-gnu/libapr-1.so.0'],
      ),
      layer('httpd-build', 60_400_000, 25_400_000, '/bin/sh -c set -eux; ... make install', [
        '/usr/local/apache2/bin/httpd',
        '/usr/local/apache2/conf/httpd.conf',
      ]),
      layer(
        'httpd-foreground',
        138,
        291,
        '/bin/sh -c #(nop) COPY file:httpd-foreground in /usr/local/bin/ ',
        ['/usr/local/bin/httpd-foreground'],
      ),
    ],
    metadata: [
      '/bin/sh -c #(nop)  STOPSIGNAL SIGWINCH',
      '/bin/sh -c #(nop)  EXPOSE 80',
      '/bin/sh -c #(nop)  CMD ["httpd-foreground"]',
    ],
    config: config({
      cmd: ['httpd-foreground'],
      exposedPorts: ['80/tcp'],
      workingDir: '/usr/local/apache2',
    }),
    createdUnixSeconds: 1_717_400_000,
  },
  {
    repository: 'node',
    tags: ['latest', '20', '20.14.0'],
    layers: [
      ...BUILDPACK,
      layer(
        'node-install',
        187_100_000,
        47_750_000,
        '/bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)" ... node --version',
        ['/usr/local/bin/node', '/usr/local/bin/npm'],
      ),
      layer('node-yarn', 5_340_000, 1_260_000, '/bin/sh -c set -ex && ... yarn --version', [
        '/usr/local/bin/yarn',
      ]),
      layer(
        'node-entrypoint',
        388,
        451,
        '/bin/sh -c #(nop) COPY file:docker-entrypoint.sh in /usr/local/bin/ ',
        ['/usr/local/bin/docker-entrypoint.sh'],
      ),
    ],
    metadata: [
      '/bin/sh -c #(nop)  ENTRYPOINT ["docker-entrypoint.sh"]',
      '/bin/sh -c #(nop)  CMD ["node"]',
    ],
    config: config({
      entrypoint: ['docker-entrypoint.sh'],
      cmd: ['node'],
      env: [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'NODE_VERSION=20.14.0',
        'YARN_VERSION=1.22.22',
      ],
    }),
    createdUnixSeconds: 1_717_500_000,
  },
  {
    repository: 'python',
    tags: ['latest', '3.12', '3.12.4'],
    layers: [
      ...BUILDPACK,
      layer(
        'python-deps',
        17_680_000,
        6_160_000,
        '/bin/sh -c set -eux; apt-get install -y --no-install-recommends libbluetooth-dev tk-dev uuid-dev',
        ['/usr/include/uuid/uuid.h'],
      ),
      layer(
        'python-build',
        73_700_000,
        24_800_000,
        '/bin/sh -c set -eux; ... ./configure --enable-optimizations ... make install',
        ['/usr/local/bin/python3.12', '/usr/local/lib/python3.12/os.py'],
      ),
      layer(
        'python-links',
        32,
        249,
        '/bin/sh -c set -eux; for src in idle3 pydoc3 python3 python3-config; do ln -svT "$src" "/usr/local/bin/${src%3}"; done',
        ['/usr/local/bin/python'],
      ),
    ],
    metadata: ['/bin/sh -c #(nop)  CMD ["python3"]'],
    config: config({
      cmd: ['python3'],
      env: [
        'PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin',
        'LANG=C.UTF-8',
        'PYTHON_VERSION=3.12.4',
      ],
    }),
    createdUnixSeconds: 1_717_600_000,
  },
  {
    repository: 'registry',
    tags: ['2', '2.8', '2.8.3', 'latest'],
    layers: [
      BASES.alpine320,
      layer(
        'registry-ca',
        1_090_000,
        689_000,
        '/bin/sh -c set -eux; apk add --no-cache ca-certificates',
        ['/etc/ssl/certs/ca-certificates.crt'],
      ),
      layer(
        'registry-bin',
        20_370_000,
        6_050_000,
        '/bin/sh -c set -eux; ... wget -O registry.tar.gz ...; tar --extract ...',
        ['/bin/registry'],
      ),
      layer(
        'registry-config',
        295,
        391,
        '/bin/sh -c #(nop) COPY file:config-example.yml in /etc/docker/registry/config.yml ',
        ['/etc/docker/registry/config.yml'],
      ),
      layer(
        'registry-entrypoint',
        155,
        268,
        '/bin/sh -c #(nop) COPY file:docker-entrypoint.sh in /entrypoint.sh ',
        ['/entrypoint.sh'],
      ),
    ],
    metadata: [
      '/bin/sh -c #(nop)  VOLUME [/var/lib/registry]',
      '/bin/sh -c #(nop)  EXPOSE 5000',
      '/bin/sh -c #(nop)  ENTRYPOINT ["/entrypoint.sh"]',
      '/bin/sh -c #(nop)  CMD ["/etc/docker/registry/config.yml"]',
    ],
    config: config({
      entrypoint: ['/entrypoint.sh'],
      cmd: ['/etc/docker/registry/config.yml'],
      exposedPorts: ['5000/tcp'],
      volumes: ['/var/lib/registry'],
    }),
    createdUnixSeconds: 1_712_000_000,
  },
];

export function layerDiffId(layer: CatalogueLayer): string {
  return `sha256:${sha256Hex(`diff:${layer.key}`)}`;
}

export function layerBlobDigest(layer: CatalogueLayer): string {
  return `sha256:${sha256Hex(`blob:${layer.key}`)}`;
}

/** The image config's digest: the image id. Every tag of one entry shares it. */
export function catalogueImageId(image: CatalogueImage): string {
  return `sha256:${sha256Hex(`config:${image.repository}:${image.tags[0]}`)}`;
}

export function catalogueManifestDigest(image: CatalogueImage): string {
  return `sha256:${sha256Hex(`manifest:${image.repository}:${image.tags[0]}`)}`;
}

export function findInCatalogue(repository: string, tag: string): CatalogueImage | null {
  return (
    CATALOGUE.find((image) => image.repository === repository && image.tags.includes(tag)) ?? null
  );
}

export function catalogueHasRepository(repository: string): boolean {
  return CATALOGUE.some((image) => image.repository === repository);
}
