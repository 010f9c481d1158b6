// Build cache keys and layer classification: what decides "Using cache" and the history/RootFS
// counts a learner sees (compare test/fixtures/docker/recorded/39-build-cache.json).
import { describe, expect, it } from 'vitest';
import {
  cacheKey,
  cacheKeys,
  firstCacheMiss,
  historyRow,
  layerEffect,
  parseDockerfile,
  rootFsLayerCount,
  type Instruction,
} from '../../../sim-core/engine/dockerfile/index.ts';

const HV39 = `FROM busybox
LABEL org.hypervisual.scenario=hv39
RUN echo one > /one
RUN echo two > /two
COPY file.txt /file.txt
RUN cat /file.txt /one /two > /all
`;

function steps(text: string, buildArgs: Record<string, string> = {}): Instruction[] {
  const result = parseDockerfile(text, { buildArgs });
  if (!result.ok) throw new Error(result.error);
  return result.stages[result.stages.length - 1]!.instructions;
}

const BASE = 'sha256:a4f3b4f19a5f';
const contentOf = (hash: string) => (instruction: Instruction) =>
  instruction.kind === 'COPY' ? `file:${hash}` : undefined;

describe('cache keys', () => {
  it('are the same for the same Dockerfile, base and context: a rebuild is all "Using cache"', () => {
    const first = cacheKeys(BASE, steps(HV39), contentOf('v1'));
    const second = cacheKeys(BASE, steps(HV39), contentOf('v1'));
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(firstCacheMiss(second, (key) => first.includes(key))).toBe(-1);
    for (const key of first) expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('change from the COPY whose file changed, and every step after it, but not before', () => {
    const v1 = cacheKeys(BASE, steps(HV39), contentOf('v1'));
    const v2 = cacheKeys(BASE, steps(HV39), contentOf('v2'));
    const copyIndex = steps(HV39).findIndex((i) => i.kind === 'COPY');
    expect(firstCacheMiss(v2, (key) => v1.includes(key))).toBe(copyIndex);
    expect(v2.slice(0, copyIndex)).toEqual(v1.slice(0, copyIndex));
    v2.slice(copyIndex).forEach((key, i) => expect(key).not.toBe(v1[copyIndex + i]));
  });

  it('change from the first edited instruction on', () => {
    const edited = HV39.replace('echo two', 'echo TWO');
    const before = cacheKeys(BASE, steps(HV39), contentOf('v1'));
    const after = cacheKeys(BASE, steps(edited), contentOf('v1'));
    expect(firstCacheMiss(after, (key) => before.includes(key))).toBe(2);
  });

  it('all change with another base image', () => {
    const a = cacheKeys(BASE, steps(HV39), contentOf('v1'));
    const b = cacheKeys('sha256:other', steps(HV39), contentOf('v1'));
    expect(firstCacheMiss(b, (key) => a.includes(key))).toBe(0);
  });

  it('change from the first RUN that can see a changed --build-arg', () => {
    const text = 'FROM busybox\nARG VERSION=1\nLABEL x=y\nRUN echo build\n';
    const a = cacheKeys(BASE, steps(text));
    const b = cacheKeys(BASE, steps(text, { VERSION: '2' }));
    expect(firstCacheMiss(b, (key) => a.includes(key))).toBe(2);
  });

  it('ignore a content hash for instructions that copy nothing', () => {
    const [label] = steps(HV39);
    expect(cacheKey('p', label!, 'file:aaa')).toBe(cacheKey('p', label!, 'file:bbb'));
  });
});

describe('layers', () => {
  const instructions = steps(
    'FROM busybox\nLABEL a=b\nENV X=1\nWORKDIR /app\nRUN echo hi > f\nCOPY f /g\nADD f /h\nEXPOSE 80\nUSER nobody\nVOLUME /v\nARG Q\nENTRYPOINT ["sh"]\nCMD ["-c", "true"]\n',
  );

  it('come only from RUN, COPY, ADD and WORKDIR; the rest change the config', () => {
    expect(instructions.filter((i) => layerEffect(i) === 'filesystem').map((i) => i.kind)).toEqual([
      'WORKDIR',
      'RUN',
      'COPY',
      'ADD',
    ]);
  });

  it('give one history row per instruction and one RootFS layer per step that changed files', () => {
    const rows = instructions.map((i) => historyRow(i, 1)!);
    expect(rows).toHaveLength(instructions.length);
    expect(rows.filter((r) => !r.emptyLayer)).toHaveLength(4);
    expect(rootFsLayerCount(1, rows)).toBe(5);
  });

  it('leave an empty layer for a step that changed nothing (RUN true, WORKDIR that exists)', () => {
    const [run] = steps('FROM busybox\nRUN true\n');
    expect(historyRow(run!, 0)).toEqual({ createdBy: '/bin/sh -c true', emptyLayer: true });
    expect(historyRow(run!, 3)!.emptyLayer).toBe(false);
  });

  it('give FROM no row of its own', () => {
    const result = parseDockerfile('FROM busybox\n');
    expect(result.ok && historyRow(result.stages[0]!.from, 1)).toBeNull();
  });
});
