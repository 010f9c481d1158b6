// Sizes and durations worded as the docker CLI words them (go-units): decimal sizes with three
// significant digits ("4.26MB", "117MB", "1.1GB") and "About an hour"-style durations.

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

export function humanSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${Number(value.toPrecision(3))}${SIZE_UNITS[unit]}`;
}

export function humanDuration(seconds: number): string {
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${Math.floor(seconds)} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** Docker truncates long table cells to `width` characters ending in an ellipsis. */
export function ellipsis(text: string, width: number): string {
  // No more UTF-16 units than the width means no more characters either: nothing to cut, and
  // no need to split the text into code points (docker ps does this for every row).
  if (text.length <= width) return text;
  return [...text].length <= width ? text : `${[...text].slice(0, width - 1).join('')}…`;
}
