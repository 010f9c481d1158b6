// Which parts of `docker inspect`'s JSON are Go structs in Docker's CLI (types.ContainerJSON,
// types.ImageInspect) and which are maps: templates print the two differently ({a b} against
// map[k:v]) and only a struct refuses a field it does not have, so the template engine is told.
import { goStruct } from './go-template.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function mark(value: unknown, type: string, omitted?: Record<string, unknown>): void {
  if (isObject(value)) goStruct(value, omitted ? { type, omitted } : { type });
}

/** container.Config's omitempty fields, with the zero values a template sees when absent. */
const CONFIG_OMITTED = {
  ExposedPorts: {},
  Healthcheck: null,
  ArgsEscaped: false,
  NetworkDisabled: false,
  MacAddress: '',
  StopSignal: '',
  StopTimeout: null,
  Shell: null,
};

/** Marks a container's inspect document (built fresh for each inspect) in place. */
export function markContainerInspect<T extends Json>(doc: T): T {
  mark(doc, '*types.ContainerJSON', { Node: null, SizeRw: null, SizeRootFs: null });
  mark(doc.State, '*types.ContainerState', { Health: null });
  const host = doc.HostConfig;
  mark(host, '*container.HostConfig');
  if (isObject(host)) {
    mark(host.RestartPolicy, 'container.RestartPolicy');
    mark(host.LogConfig, 'container.LogConfig');
  }
  mark(doc.GraphDriver, 'types.GraphDriverData');
  if (Array.isArray(doc.Mounts)) for (const mount of doc.Mounts) mark(mount, 'types.MountPoint');
  mark(doc.Config, '*container.Config', CONFIG_OMITTED);
  const network = doc.NetworkSettings;
  mark(network, '*types.NetworkSettings');
  if (isObject(network) && isObject(network.Networks)) {
    for (const endpoint of Object.values(network.Networks)) {
      mark(endpoint, '*network.EndpointSettings');
    }
  }
  return doc;
}

/** Marks an image's inspect document in place. */
export function markImageInspect<T extends Json>(doc: T): T {
  mark(doc, 'types.ImageInspect');
  mark(doc.ContainerConfig, '*container.Config');
  mark(doc.Config, '*container.Config', CONFIG_OMITTED);
  mark(doc.GraphDriver, 'types.GraphDriverData');
  mark(doc.RootFS, 'types.RootFS');
  mark(doc.Metadata, 'types.ImageMetadata');
  return doc;
}
