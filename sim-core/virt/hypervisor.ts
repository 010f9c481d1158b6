// An installed hypervisor: which product, on which host, and of which type.
import type { HypervisorProductId } from './hypervisor-products.ts';

export interface Hypervisor {
  id: string;
  hostId: string;
  product: HypervisorProductId;
  type: 1 | 2;
  installedAtNs: number;
}
