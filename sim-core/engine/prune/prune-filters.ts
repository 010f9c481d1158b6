// The filters dockerd's prune endpoints take: label=KEY[=VALUE] (and label!=... to keep
// matches), and until=TIMESTAMP|DURATION (only what was created before then). Each prune accepts
// its own set of keys; any other key is refused with dockerd's "Invalid filter".
import { UserError } from '../../world/user-error.ts';

export interface PruneFilters {
  /** label=...: a thing is pruned only if it carries every one of these. */
  labels: { key: string; value: string | null }[];
  /** label!=...: a thing carrying any of these is kept. */
  notLabels: { key: string; value: string | null }[];
  /** until=...: only things created before this Unix time (seconds) are pruned. */
  untilUnixSeconds: number | null;
  /** dangling=false on image prune: every unused image, as -a. */
  dangling: boolean | null;
}

const DURATION_UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Go's time.ParseDuration: "1h30m", "90s", "0.5h"; null when the text is not one. */
export function parseGoDurationSeconds(text: string): number | null {
  if (text === '0') return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!match) return null;
  let seconds = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g))
    seconds += Number(part[1]) * DURATION_UNIT_SECONDS[part[2]!]!;
  return match[1] === '-' ? -seconds : seconds;
}

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The docker CLI's GetTimestamp: a Unix time (1700000000[.5]), an RFC 3339 date or date-time
 * (UTC when no zone is given), or a Go duration before now.
 */
export function parseUntil(text: string, nowUnixSeconds: number): number {
  const duration = parseGoDurationSeconds(text);
  if (duration !== null) return nowUnixSeconds - duration;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  const date =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
      text,
    );
  if (date) {
    const [year, month, day, hour, minute, second] = date
      .slice(1, 7)
      .map((part) => Number(part ?? 0));
    const zone = date[7];
    const offset =
      zone && zone !== 'Z'
        ? (zone.startsWith('-') ? -1 : 1) *
          (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60)
        : 0;
    if (month! >= 1 && month! <= 12 && day! >= 1 && day! <= 31 && hour! < 24 && minute! < 60)
      return (
        daysFromCivil(year!, month!, day!) * 86_400 + hour! * 3600 + minute! * 60 + second! - offset
      );
  }
  throw new UserError(
    `Error response from daemon: failed to parse value as time or duration: "${text}"`,
  );
}

function labelTerm(text: string): { key: string; value: string | null } {
  const cut = text.indexOf('=');
  return cut === -1
    ? { key: text, value: null }
    : { key: text.slice(0, cut), value: text.slice(cut + 1) };
}

/** Read --filter values for a prune that accepts `allowed` keys (label and until, usually). */
export function parsePruneFilters(
  texts: readonly string[],
  allowed: readonly ('label' | 'until' | 'dangling')[],
  nowUnixSeconds: number,
): PruneFilters {
  const filters: PruneFilters = {
    labels: [],
    notLabels: [],
    untilUnixSeconds: null,
    dangling: null,
  };
  for (const text of texts) {
    const cut = text.indexOf('=');
    if (cut === -1) throw new UserError(`Error response from daemon: Invalid filter '${text}'`);
    const negated = text[cut - 1] === '!';
    const key = text.slice(0, negated ? cut - 1 : cut);
    const value = text.slice(cut + 1);
    if (
      key === 'label!' ||
      !(allowed as readonly string[]).includes(key) ||
      (negated && key !== 'label')
    )
      throw new UserError(`Error response from daemon: Invalid filter '${key}'`);
    if (key === 'label') (negated ? filters.notLabels : filters.labels).push(labelTerm(value));
    if (key === 'until') {
      const until = parseUntil(value, nowUnixSeconds);
      filters.untilUnixSeconds =
        filters.untilUnixSeconds === null ? until : Math.min(filters.untilUnixSeconds, until);
    }
    if (key === 'dangling') {
      if (value !== 'true' && value !== 'false' && value !== '1' && value !== '0')
        throw new UserError(`Error response from daemon: Invalid filter 'dangling=${value}'`);
      filters.dangling = value === 'true' || value === '1';
    }
  }
  return filters;
}

function carries(
  labels: Readonly<Record<string, string>>,
  term: { key: string; value: string | null },
): boolean {
  return (
    Object.hasOwn(labels, term.key) && (term.value === null || labels[term.key] === term.value)
  );
}

/** Whether a thing with these labels, created at this Unix time, is one the filters prune. */
export function passesPruneFilters(
  filters: PruneFilters,
  labels: Readonly<Record<string, string>>,
  createdUnixSeconds: number,
): boolean {
  if (!filters.labels.every((term) => carries(labels, term))) return false;
  if (filters.notLabels.some((term) => carries(labels, term))) return false;
  if (filters.untilUnixSeconds !== null && createdUnixSeconds >= filters.untilUnixSeconds)
    return false;
  return true;
}
