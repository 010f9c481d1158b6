// The build cache's key for a step. The classic builder reuses a cached image when its parent is
// the same image and its recorded command (the CREATED BY text, which for COPY/ADD holds the
// digest of the copied files and for RUN the build args it can see) is the same. Chaining the
// parent's key into the child's makes a change invalidate that step and every step after it,
// which is the "Using cache ... until the first change" behaviour of 39-build-cache.

import { sha256Hex } from '../../trace/sha256.ts';
import { createdBy, type CreatedByContext } from './created-by.ts';
import type { Instruction } from './instruction.ts';

/**
 * A stable key: the same parent, instruction and content give the same key on every machine.
 * `contentHash` is required in effect for COPY/ADD (the digest of the sources in the context);
 * it is ignored for other instructions.
 */
export function cacheKey(
  parentKey: string,
  instruction: Instruction,
  contentHash?: string,
  context: Omit<CreatedByContext, 'sourceHash'> = {},
): string {
  const copies = instruction.kind === 'COPY' || instruction.kind === 'ADD';
  const sourceHash = copies ? contentHash : undefined;
  const text = createdBy(instruction, { ...context, sourceHash }) ?? `FROM ${instruction.original}`;
  const from = copies ? `\nfrom=${instruction.from ?? ''}` : '';
  return sha256Hex(`${parentKey}\n${instruction.kind}\n${text}${from}\n${sourceHash ?? ''}`);
}

/** Keys for a stage's steps in order, each chained on the one before, starting at the base image. */
export function cacheKeys(
  baseImageId: string,
  instructions: readonly Instruction[],
  contentHashFor: (instruction: Instruction, index: number) => string | undefined = () => undefined,
): string[] {
  const keys: string[] = [];
  let parent = baseImageId;
  instructions.forEach((instruction, index) => {
    parent = cacheKey(parent, instruction, contentHashFor(instruction, index));
    keys.push(parent);
  });
  return keys;
}

/** Index of the first step not in the cache (the one that prints "Running in"), or -1 if all hit. */
export function firstCacheMiss(keys: readonly string[], cached: (key: string) => boolean): number {
  return keys.findIndex((key) => !cached(key));
}
