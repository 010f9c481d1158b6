// Installing a hypervisor on a host. A type 2 product is an application on the host OS; KVM
// turns the host's Linux kernel itself into a hypervisor; ESXi and Xen take the hardware and
// the host OS is gone; Hyper-V moves the Windows host OS into its root partition.
import type { KernelSpec } from '../kernel/boot.ts';
import { OS_CATALOGUE } from '../kernel/os-catalogue.ts';
import type { StepContext } from '../world/context.ts';
import { hostByName } from '../world/names.ts';
import { UserError } from '../world/user-error.ts';
import { peekId } from '../world/world.ts';
import {
  HYPERVISOR_PRODUCTS,
  defaultProduct,
  type HypervisorProductId,
} from './hypervisor-products.ts';

export interface HypervisorRequest {
  hostName: string;
  type: 1 | 2;
  product?: HypervisorProductId;
}

export function installHypervisor(ctx: StepContext, request: HypervisorRequest): string {
  const host = hostByName(ctx.world, request.hostName);
  const kernel = ctx.world.kernels[host.kernelId]!;
  const hostFamily = host.os ? OS_CATALOGUE[host.os].family : null;
  const product = HYPERVISOR_PRODUCTS[request.product ?? defaultProduct(request.type, hostFamily)];
  if (host.hypervisorId) {
    const existing = ctx.world.hypervisors[host.hypervisorId]!;
    throw new UserError(
      `host ${host.name} already runs a hypervisor: ${HYPERVISOR_PRODUCTS[existing.product].name}`,
    );
  }
  if (product.type !== request.type) {
    const kind = product.type === 1 ? 'type 1 (bare-metal)' : 'type 2 (hosted)';
    throw new UserError(`${product.name} is a ${kind} hypervisor, not type ${request.type}`, 125);
  }
  if (product.needsHostFamily === 'linux' && hostFamily !== 'linux') {
    throw new UserError(
      `${product.name} is part of the Linux kernel: host ${host.name} must run Linux`,
    );
  }
  if (product.needsHostFamily === 'windows' && hostFamily !== 'windows') {
    throw new UserError(
      `${product.name} keeps a Windows host OS in its root partition: add the host with --os windows-server-2022`,
    );
  }
  const apps = Object.values(ctx.world.apps).filter(
    (app) => app.kernelId === kernel.id && app.state === 'running',
  );
  if (product.hostOs === 'replaced' && apps.length > 0) {
    throw new UserError(
      `${product.name} runs on the bare hardware in place of the host OS, and host ${host.name} still runs apps on its OS: ${apps.map((app) => app.name).join(', ')}`,
    );
  }
  const id = peekId(ctx.world, 'hypervisor');
  const replacementKernel: KernelSpec | null =
    product.hostOs === 'replaced'
      ? {
          id: peekId(ctx.world, 'kernel'),
          owner: { kind: 'host', id: host.id },
          os: null,
          family: 'hypervisor',
          name: product.kernelName!,
          release: product.kernelRelease!,
          hostname: host.name,
          cpuCount: host.cpuCount,
          memoryBytes: host.memoryBytes,
          // No sourced figure for the hypervisor's own footprint: it is not modelled.
          baseMemoryBytes: 0,
          pidStep: 1,
          bootProcesses: [
            {
              comm: product.kernelName!,
              argv: [product.kernelName!],
              role: 'hypervisor',
              parentIndex: -1,
            },
          ],
        }
      : null;
  ctx.emit({
    kind: 'hypervisor.install',
    hypervisor: {
      id,
      hostId: host.id,
      product: product.id,
      type: product.type,
      installedAtNs: ctx.nowNs,
    },
    replacementKernel,
  });
  if (product.serviceProcess && !replacementKernel) {
    ctx.emit({
      kind: 'process.spawn',
      kernelId: host.kernelId,
      spec: {
        comm: product.serviceProcess,
        argv: [product.serviceProcess],
        role: 'hypervisor',
        ppid: 1,
      },
    });
  }
  return id;
}
