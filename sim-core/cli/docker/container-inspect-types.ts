// Which parts of `docker inspect`'s JSON are Go structs in Docker's CLI (types.ContainerJSON,
// types.ImageInspect) and which are maps, which JSON keys have other Go names, and what a null
// field is in Go. Templates see the typed view first: structs print as {a b}, maps as map[k:v],
// a nil slice as [], a nil pointer as <nil>; a field missing from the struct (or asked for by its
// JSON name when Go names it differently, like NanoCpus for NanoCPUs) makes Docker fall back to
// the raw JSON, where the answer differs again ("<no value>", "map has no entry").
import { goStruct } from './go-template.ts';
import type { NilKind, StructInfo } from './go-template/values.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function mark(value: unknown, info: StructInfo): void {
  if (isObject(value)) goStruct(value, info);
}

const nils = (kind: NilKind, keys: string[]): Record<string, NilKind> =>
  Object.fromEntries(keys.map((key) => [key, kind]));

/** container.Config (api/types/container/config.go). */
const CONFIG: StructInfo = {
  type: '*container.Config',
  // omitempty fields, absent from the JSON when empty.
  omitted: {
    ExposedPorts: null,
    Healthcheck: null,
    ArgsEscaped: false,
    NetworkDisabled: false,
    MacAddress: '',
    StopSignal: '',
    StopTimeout: null,
    Shell: null,
  },
  nils: {
    ...nils('slice', ['Env', 'Cmd', 'Entrypoint', 'OnBuild', 'Shell']),
    ...nils('map', ['ExposedPorts', 'Volumes', 'Labels']),
    ...nils('pointer', ['Healthcheck', 'StopTimeout']),
  },
};

/** container.HostConfig with its embedded Resources (api/types/container/host_config.go). */
const HOST_CONFIG: StructInfo = {
  type: '*container.HostConfig',
  omitted: { StorageOpt: null, Tmpfs: null, Sysctls: null, Mounts: null, Init: null },
  goNames: {
    Dns: 'DNS',
    DnsOptions: 'DNSOptions',
    DnsSearch: 'DNSSearch',
    CpuShares: 'CPUShares',
    NanoCpus: 'NanoCPUs',
    CpuPeriod: 'CPUPeriod',
    CpuQuota: 'CPUQuota',
    CpuRealtimePeriod: 'CPURealtimePeriod',
    CpuRealtimeRuntime: 'CPURealtimeRuntime',
    CpuCount: 'CPUCount',
    CpuPercent: 'CPUPercent',
  },
  nils: {
    ...nils('slice', [
      'Binds',
      'VolumesFrom',
      'CapAdd',
      'CapDrop',
      'Dns',
      'DnsOptions',
      'DnsSearch',
      'ExtraHosts',
      'GroupAdd',
      'Links',
      'SecurityOpt',
      'BlkioWeightDevice',
      'BlkioDeviceReadBps',
      'BlkioDeviceWriteBps',
      'BlkioDeviceReadIOps',
      'BlkioDeviceWriteIOps',
      'Devices',
      'DeviceCgroupRules',
      'DeviceRequests',
      'Ulimits',
      'Mounts',
      'MaskedPaths',
      'ReadonlyPaths',
    ]),
    ...nils('map', ['PortBindings', 'StorageOpt', 'Tmpfs', 'Sysctls']),
    ...nils('pointer', ['MemorySwappiness', 'OomKillDisable', 'PidsLimit', 'Init']),
  },
};

/** Marks a container's inspect document (built fresh for each inspect) in place. */
export function markContainerInspect<T extends Json>(doc: T): T {
  mark(doc, {
    type: '*types.ContainerJSON',
    omitted: { Node: null, SizeRw: null, SizeRootFs: null },
    goNames: { Id: 'ID' },
    nils: {
      ...nils('slice', ['Args', 'ExecIDs', 'Mounts']),
      ...nils('pointer', ['State', 'Node', 'HostConfig', 'SizeRw', 'SizeRootFs']),
      ...nils('pointer', ['Config', 'NetworkSettings']),
    },
  });
  mark(doc.State, {
    type: '*types.ContainerState',
    omitted: { Health: null },
    nils: { Health: 'pointer' },
  });
  const host = doc.HostConfig;
  mark(host, HOST_CONFIG);
  if (isObject(host)) {
    mark(host.RestartPolicy, { type: 'container.RestartPolicy' });
    mark(host.LogConfig, { type: 'container.LogConfig', nils: { Config: 'map' } });
  }
  mark(doc.GraphDriver, { type: 'types.GraphDriverData', nils: { Data: 'map' } });
  if (Array.isArray(doc.Mounts)) {
    for (const mount of doc.Mounts) mark(mount, { type: 'types.MountPoint' });
  }
  mark(doc.Config, CONFIG);
  const network = doc.NetworkSettings;
  mark(network, {
    type: '*types.NetworkSettings',
    nils: {
      ...nils('slice', ['SecondaryIPAddresses', 'SecondaryIPv6Addresses']),
      ...nils('map', ['Ports', 'Networks']),
    },
  });
  if (isObject(network) && isObject(network.Networks)) {
    for (const endpoint of Object.values(network.Networks)) {
      mark(endpoint, {
        type: '*network.EndpointSettings',
        nils: {
          IPAMConfig: 'pointer',
          ...nils('slice', ['Links', 'Aliases']),
          DriverOpts: 'map',
        },
      });
    }
  }
  return doc;
}

/** Marks an image's inspect document in place. */
export function markImageInspect<T extends Json>(doc: T): T {
  mark(doc, {
    type: 'types.ImageInspect',
    goNames: { Id: 'ID' },
    nils: {
      ...nils('slice', ['RepoTags', 'RepoDigests']),
      ...nils('pointer', ['ContainerConfig', 'Config']),
    },
  });
  mark(doc.ContainerConfig, CONFIG);
  mark(doc.Config, CONFIG);
  mark(doc.GraphDriver, { type: 'types.GraphDriverData', nils: { Data: 'map' } });
  mark(doc.RootFS, {
    type: 'types.RootFS',
    omitted: { BaseLayer: '' },
    nils: { Layers: 'slice' },
  });
  mark(doc.Metadata, { type: 'types.ImageMetadata' });
  return doc;
}
