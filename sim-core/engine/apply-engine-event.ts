// The engine's part of the reducer: image and layer stores with reference counts. A layer's
// count is the number of images that list it; it leaves the disk when that reaches zero.
import type { World } from '../world/world.ts';
import type { EngineEvent } from './events.ts';

export function applyEngineEvent(world: World, event: EngineEvent): void {
  switch (event.kind) {
    case 'engine.install':
      world.counters['daemon'] = (world.counters['daemon'] ?? 0) + 1;
      world.daemons[event.daemon.id] = structuredClone(event.daemon);
      return;
    case 'api.request':
    case 'registry.manifest':
    case 'registry.layer':
      return;
    case 'layer.register':
      world.daemons[event.daemonId]!.layers[event.layer.diffId] = structuredClone(event.layer);
      return;
    case 'image.register': {
      const daemon = world.daemons[event.daemonId]!;
      daemon.images[event.image.id] = structuredClone(event.image);
      for (const diffId of event.image.layerDiffIds) daemon.layers[diffId]!.refCount += 1;
      for (const ref of event.tags) daemon.tags[ref] = event.image.id;
      return;
    }
    case 'image.tag':
      world.daemons[event.daemonId]!.tags[event.ref] = event.imageId;
      return;
    case 'image.untag':
      delete world.daemons[event.daemonId]!.tags[event.ref];
      return;
    case 'image.delete': {
      const daemon = world.daemons[event.daemonId]!;
      const image = daemon.images[event.imageId]!;
      for (const diffId of image.layerDiffIds) {
        const layer = daemon.layers[diffId]!;
        layer.refCount -= 1;
        if (layer.refCount === 0) delete daemon.layers[diffId];
      }
      delete daemon.images[event.imageId];
      return;
    }
  }
}
