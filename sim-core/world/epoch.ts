// Simulated time starts at zero; wall-clock texts (an image's "CREATED 19 months ago", inspect
// timestamps) need a calendar date for that zero. It is fixed, so output never depends on
// when or where the simulation runs.
export const SIM_EPOCH_UNIX_SECONDS = 1_767_225_600; // 2026-01-01T00:00:00Z

export function simUnixSeconds(clockNs: number): number {
  return SIM_EPOCH_UNIX_SECONDS + Math.floor(clockNs / 1_000_000_000);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** RFC 3339 UTC text for Unix seconds, computed without the host's Date (civil-from-days). */
export function isoTimestamp(unixSeconds: number, fractionNs = 0): string {
  const days = Math.floor(unixSeconds / 86_400);
  const secondsOfDay = unixSeconds - days * 86_400;
  // Howard Hinnant's days -> civil date algorithm, valid for the proleptic Gregorian calendar.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const time = `${pad(Math.floor(secondsOfDay / 3600))}:${pad(Math.floor((secondsOfDay % 3600) / 60))}:${pad(secondsOfDay % 60)}`;
  const fraction = fractionNs > 0 ? `.${pad(fractionNs, 9)}` : '';
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${fraction}Z`;
}
