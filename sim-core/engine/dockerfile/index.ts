// The Dockerfile model: parse a Dockerfile as Docker 20.10's classic builder does, render the
// history each step leaves, and key the build cache. Typical use by the build engine:
//
//   const parsed = parseDockerfile(text, { buildArgs });
//   if (!parsed.ok) -> print parsed.error; 'file'/'instruction' errors come before any
//                      "Step N/M" line, 'step' errors at the step on parsed.line
//   for each stage, for each instruction (FROM counts as a step: "Step N/M : " + original):
//     key = cacheKey(parentImageId or previous key, instruction, contentHash for COPY/ADD)
//     row = historyRow(instruction, changedPathsInTheStepsDiff, { sourceHash })
//   RootFS.Layers = rootFsLayerCount(baseLayers, rows)

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
