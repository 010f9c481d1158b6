// The Go-template subset people pass to `--format` and `inspect -f`: literal text, field paths
// ({{.State.Status}}, {{.Id}}), {{json .Config.Env}}, {{len .RootFS.Layers}}, {{upper .X}} and
// {{lower .X}}. Anything else is refused with Go's own kind of error, never guessed at.

export type TemplateResult = { ok: true; text: string } | { ok: false; error: string };

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;

function lookup(
  data: unknown,
  path: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (path === '.') return { ok: true, value: data };
  let value: unknown = data;
  for (const key of path.slice(1).split('.')) {
    if (value === null || typeof value !== 'object' || !(key in (value as object))) {
      return {
        ok: false,
        error: `template: :1: executing "" at <${path}>: map has no entry for key "${key}"`,
      };
    }
    value = (value as Record<string, unknown>)[key];
  }
  return { ok: true, value };
}

function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '<no value>';
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[${entries.map(([key, item]) => `${key}:${goPrint(item)}`).join(' ')}]`;
  }
  return String(value);
}

export function renderTemplate(template: string, data: unknown): TemplateResult {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(ACTION)) {
    out += template.slice(last, match.index);
    last = match.index + match[0].length;
    const words = match[1]!.split(/\s+/).filter(Boolean);
    const [head, arg] = words;
    if (words.length === 1 && head!.startsWith('.')) {
      const found = lookup(data, head!);
      if (!found.ok) return found;
      out += goPrint(found.value);
    } else if (
      words.length === 2 &&
      ['json', 'len', 'upper', 'lower'].includes(head!) &&
      arg!.startsWith('.')
    ) {
      const found = lookup(data, arg!);
      if (!found.ok) return found;
      const value = found.value;
      if (head === 'json') out += JSON.stringify(value ?? null);
      else if (head === 'len') {
        if (
          !Array.isArray(value) &&
          (typeof value !== 'object' || value === null) &&
          typeof value !== 'string'
        ) {
          return {
            ok: false,
            error: `template: :1:${match.index + 3}: executing "" at <len ${arg}>: error calling len: len of type ${typeof value}`,
          };
        }
        out += String(
          typeof value === 'string' || Array.isArray(value)
            ? value.length
            : Object.keys(value as object).length,
        );
      } else out += head === 'upper' ? goPrint(value).toUpperCase() : goPrint(value).toLowerCase();
    } else {
      return {
        ok: false,
        error: `template parsing error: template: :1: function "${head ?? ''}" not defined`,
      };
    }
  }
  out += template.slice(last);
  if (out.includes('{{'))
    return { ok: false, error: 'template parsing error: template: :1: unclosed action' };
  return { ok: true, text: out };
}
