// Which steps can add a filesystem layer. In the classic builder RUN, COPY, ADD and WORKDIR run
// or commit a container, so they make a layer when the container's diff is not empty; every other
// instruction only changes the image config. Either way each step adds a history row, and rows
// without a layer are marked empty_layer: that is how `docker history` can list ten rows for an
// image whose RootFS.Layers holds five (see test/fixtures/docker/recorded/38-build-history.json).
// A RUN that changes no file (`RUN true`) and a WORKDIR whose directory exists add no layer.

import { createdBy, type CreatedByContext } from './created-by.ts';
import type { Instruction } from './instruction.ts';

export type LayerEffect = 'filesystem' | 'config';

export function layerEffect(instruction: Instruction): LayerEffect {
  switch (instruction.kind) {
    case 'RUN':
    case 'COPY':
    case 'ADD':
    case 'WORKDIR':
      return 'filesystem';
    default:
      return 'config';
  }
}

export interface HistoryRow {
  createdBy: string;
  /** True when the step added no layer to RootFS. */
  emptyLayer: boolean;
}

/**
 * The history row a step leaves. `changedPaths` is the number of entries in the step's diff
 * (files and directories created, changed or deleted); only the caller's filesystem knows it.
 * Null for FROM, which adds the base image's rows instead.
 */
export function historyRow(
  instruction: Instruction,
  changedPaths: number,
  context: CreatedByContext = {},
): HistoryRow | null {
  const text = createdBy(instruction, context);
  if (text === null) return null;
  const emptyLayer = layerEffect(instruction) === 'config' || changedPaths === 0;
  return { createdBy: text, emptyLayer };
}

/** RootFS.Layers length: the base image's layers plus one per non-empty row. */
export function rootFsLayerCount(baseLayers: number, rows: readonly HistoryRow[]): number {
  return baseLayers + rows.filter((row) => !row.emptyLayer).length;
}
