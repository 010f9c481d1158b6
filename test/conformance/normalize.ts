// Normalises docker output so that a recording from a real engine and the simulator's output
// for the same scenario can be compared: what legitimately differs from run to run (IDs,
// digests, clock times, ages, namespace inode numbers, the engine's directories) becomes a
// stable placeholder, and what a learner would notice (exit codes, states, wording, which
// IDs are the same as which) is kept.
//
// IDs are numbered in order of first appearance within one scenario, so "the container in
// the conflict message is the one created two steps earlier" survives normalisation:
//   64 hex digits            -> <ID1>        (container, image, network, volume IDs; digests)
//   12 hex digits            -> <ID1:12>     (the same ID, short form, when its prefix matches)
//   pid:[4026532180]         -> pid:[<NS1>]  (equal inode = shared namespace)
// Everything here is a pure function of its inputs: normalizeSteps makes its own numbering
// state, normalizeText takes the state explicitly (the numbering carries across the steps of
// one scenario).
import type { RecordedStep } from './scenario.ts';

export interface NormalizeOptions {
  /** Sizes such as 1.98MB, 592KiB, 3.072kB -> <size>. Off by default: layer sizes matter. */
  sizes?: boolean;
  /** IPv4 addresses (not loopback or 0.0.0.0), MAC addresses and veth peer indexes. */
  addresses?: boolean;
  /**
   * Rewrite tables (a header of upper-case column names, then rows aligned under it, as
   * `docker ps`, `images`, `history`, `stats`, `system df` and busybox `ps` print them) as
   * cells joined by " | ", cut at the header's column positions before anything else changes
   * their widths. On by default: once "Less than a second ago" becomes "<ago>" the padding
   * means nothing, but which cell holds what still does (an empty CREATED BY stays empty).
   */
  tables?: boolean;
}

export interface NormalizeState {
  /** First 12 hex digits of an ID -> its number. */
  ids: Map<string, number>;
  /** Namespace inode number -> its number. */
  namespaces: Map<string, number>;
  ips: Map<string, number>;
  macs: Map<string, number>;
}

export function newNormalizeState(): NormalizeState {
  return { ids: new Map(), namespaces: new Map(), ips: new Map(), macs: new Map() };
}

const HEX64 = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;
const HEX12 = /(?<![0-9a-f])[0-9a-f]{12}(?![0-9a-f])/g;
const NAMESPACE =
  /\b(cgroup|ipc|mnt|net|pid|pid_for_children|time|time_for_children|user|uts):\[(\d+)\]/g;
/** RFC 3339 as Docker prints it (Go's RFC3339Nano) and Go's default time.Time format. */
const RFC3339 = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const GO_TIME = /\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [+-]\d{4} [A-Z]{2,5})?/g;
/** Go's units.HumanDuration, which `docker ps`, `images` and `history` use. */
const HUMAN_DURATION =
  '(?:Less than a second|About a minute|About an hour|\\d+ (?:second|minute|hour|day|week|month|year)s?)';
const AGO = new RegExp(`${HUMAN_DURATION} ago\\b`, 'g');
const UP = new RegExp(`\\bUp ${HUMAN_DURATION}`, 'g');
/** A digest shortened with an ellipsis, as `docker history` does in CREATED BY. */
const TRUNCATED_HEX = /(?<![0-9a-f])[0-9a-f]{13,63}…/g;
/** A table header: two or more upper-case column names separated by two or more spaces. */
const TABLE_HEADER =
  /^[A-Z][A-Z0-9%/.]*(?: [A-Z0-9%/.]+)*(?: {2,}[A-Z][A-Z0-9%/.]*(?: [A-Z0-9%/.]+)*)+ *$/;
const SIZE = /\b\d+(?:\.\d+)?\s?(?:B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\b/g;
const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/g;
const MAC = /(?<![0-9a-f:])(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?![0-9a-f:])/g;
/**
 * The CLI sometimes logs this race between `run` and a container that failed to start; it
 * comes and goes between recordings of the same scenario, so it is dropped.
 */
const WAIT_CANCELED =
  /^time="[^"]*" level=error msg="error waiting for container: context canceled"\n?/gm;
/** The recorder's engine directories and working directory (see the fixtures README). */
const ENGINE_PATHS: [RegExp, string][] = [
  [/\/tmp\/hv-docker\/data\b/g, '/var/lib/docker'],
  [/\/tmp\/hv-docker\/exec\b/g, '/var/run/docker'],
  [/\/tmp\/hv-scenario-hv\d+\b/g, '<workdir>'],
  // The simulator's client works in the learner's home directory (sim-core/client/workdir.ts).
  [/\/home\/learner\b/g, '<workdir>'],
];

function numberFor(map: Map<string, number>, key: string): number {
  let number = map.get(key);
  if (number === undefined) {
    number = map.size + 1;
    map.set(key, number);
  }
  return number;
}

/** A 12-hex word counts as an ID if it has a letter, or if it is the prefix of a known ID. */
function looksLikeShortId(hex: string, state: NormalizeState): boolean {
  return state.ids.has(hex) || /[a-f]/.test(hex);
}

export function normalizeIds(text: string, state: NormalizeState): string {
  const withFull = text
    .replace(TRUNCATED_HEX, '<hex>…')
    .replace(HEX64, (hex) => `<ID${numberFor(state.ids, hex.slice(0, 12))}>`);
  return withFull.replace(HEX12, (hex) =>
    looksLikeShortId(hex, state) ? `<ID${numberFor(state.ids, hex)}:12>` : hex,
  );
}

export function normalizeNamespaces(text: string, state: NormalizeState): string {
  return text.replace(
    NAMESPACE,
    (_whole, kind: string, inode: string) => `${kind}:[<NS${numberFor(state.namespaces, inode)}>]`,
  );
}

export function normalizeTimes(text: string): string {
  return text
    .replace(WAIT_CANCELED, '')
    .replace(RFC3339, '<time>')
    .replace(GO_TIME, '<time>')
    .replace(AGO, '<ago>')
    .replace(UP, 'Up <duration>');
}

export function normalizeSizes(text: string): string {
  return text.replace(SIZE, '<size>');
}

export function normalizeAddresses(text: string, state: NormalizeState): string {
  return text
    .replace(IPV4, (address, first: string) =>
      first === '127' || address === '0.0.0.0' ? address : `<IP${numberFor(state.ips, address)}>`,
    )
    .replace(MAC, (mac) =>
      mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff'
        ? mac
        : `<MAC${numberFor(state.macs, mac)}>`,
    )
    .replace(/^\d+: (\w+)@if\d+:/gm, '<n>: $1@if<n>:');
}

export function normalizePaths(text: string): string {
  return ENGINE_PATHS.reduce(
    (current, [pattern, replacement]) => current.replace(pattern, replacement),
    text,
  );
}

export function normalizeWhitespace(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n');
}

/** Start index of every column in a table header. */
function columnStarts(header: string): number[] {
  const starts = [0];
  const gap = / {2,}(?=\S)/g;
  for (let match = gap.exec(header); match; match = gap.exec(header)) {
    starts.push(match.index + match[0].length);
  }
  return starts;
}

function splitRow(row: string, starts: number[]): string {
  const cells = starts.map((start, index) => row.slice(start, starts[index + 1]).trim());
  while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells.join(' | ');
}

/**
 * Rewrites every table in the text as " | "-separated cells. A table runs from its header to
 * the first blank line; rows are cut at the header's column starts (tabwriter pads every
 * cell of a column to the same width, so a column starts at the same index on every row).
 */
export function splitTables(text: string): string {
  const lines = text.split('\n');
  let starts: number[] | undefined;
  return lines
    .map((line) => {
      if (line.trim() === '') {
        starts = undefined;
        return line;
      }
      if (starts === undefined && TABLE_HEADER.test(line)) {
        starts = columnStarts(line);
        return splitRow(line, starts);
      }
      return starts === undefined ? line : splitRow(line, starts);
    })
    .join('\n');
}

/**
 * Normalises one output. Order matters: tables are cut first, while the padding still lines
 * up with the header; then engine paths, times, IDs (numbered in order of appearance),
 * namespaces, and the optional addresses and sizes.
 */
export function normalizeText(
  text: string,
  state: NormalizeState,
  options: NormalizeOptions = {},
): string {
  let result = options.tables === false ? text : splitTables(text);
  result = normalizePaths(result);
  result = normalizeTimes(result);
  result = normalizeIds(result, state);
  result = normalizeNamespaces(result, state);
  if (options.addresses) result = normalizeAddresses(result, state);
  if (options.sizes) result = normalizeSizes(result);
  return normalizeWhitespace(result);
}

/**
 * Normalises a scenario's steps in order (stdout before stderr within a step), numbering IDs
 * across the whole scenario. The command line is normalised too: a captured ID appears in
 * neither, but a literal ID typed into a scenario would.
 */
export function normalizeSteps(
  steps: readonly RecordedStep[],
  options: NormalizeOptions = {},
): RecordedStep[] {
  const state = newNormalizeState();
  return steps.map((step) => ({
    ...step,
    cmd: normalizeText(step.cmd, state, { ...options, tables: false }),
    stdout: normalizeText(step.stdout, state, options),
    stderr: normalizeText(step.stderr, state, options),
  }));
}
