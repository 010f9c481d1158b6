// SVG text does not wrap or clip, so labels are shortened to fit their box. The width of a
// character is estimated (system sans-serif averages a little over half its size), which is
// enough to keep text inside its box without measuring the DOM.
const AVERAGE_CHAR_EM = 0.56;

export function fitText(text: string, widthPx: number, fontPx: number): string {
  const maxChars = Math.floor(widthPx / (fontPx * AVERAGE_CHAR_EM));
  if (text.length <= maxChars) return text;
  return `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}
