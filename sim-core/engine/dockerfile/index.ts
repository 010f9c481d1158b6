// The Dockerfile model: parse a Dockerfile as Docker 20.10's classic builder does, render the
// history each step leaves, and key the build cache.

export type * from './instruction.ts';
export { parseDockerfile, type ParseOptions } from './parse.ts';
export { createdBy, type CreatedByContext } from './created-by.ts';
export {
  historyRow,
  layerEffect,
  rootFsLayerCount,
  type HistoryRow,
  type LayerEffect,
} from './layers.ts';
export { cacheKey, cacheKeys, firstCacheMiss } from './cache-key.ts';
export { substituteWord, substituteWords } from './substitute.ts';
export { parsePortSpec, resolveWorkdir } from './dispatch.ts';
export { goQuote } from './go-format.ts';
