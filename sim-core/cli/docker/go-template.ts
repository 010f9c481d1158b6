// The Go-template subset people pass to `--format` and `inspect -f`: literal text, field paths
// ({{.State.Status}}, {{.Id}}), {{json .Config.Env}}, {{len .RootFS.Layers}}, {{upper .X}} and
// {{lower .X}}. Anything else is refused with Go's own kind of error, never guessed at.

/** 'parse': the template is malformed (docker exits 64); 'exec': it failed on this data (1). */
export type TemplateResult =
  { ok: true; text: string } | { ok: false; error: string; phase: 'parse' | 'exec' };

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;
const PREFIX = 'template parsing error: template: :1';

type Lookup = { ok: true; value: unknown } | { ok: false; error: string; phase: 'exec' };

function lookup(data: unknown, path: string, column: number): Lookup {
  if (path === '.') return { ok: true, value: data };
  let value: unknown = data;
  for (const key of path.slice(1).split('.')) {
    if (value === null || typeof value !== 'object' || !(key in (value as object))) {
      return {
        ok: false,
        phase: 'exec',
        error: `${PREFIX}:${column}: executing "" at <${path}>: map has no entry for key "${key}"`,
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

function lengthOf(value: unknown): number | null {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return null;
}

function applyFunction(name: string, value: unknown): string | null {
  switch (name) {
    case 'json':
      return JSON.stringify(value ?? null);
    case 'upper':
      return goPrint(value).toUpperCase();
    case 'lower':
      return goPrint(value).toLowerCase();
    case 'len': {
      const length = lengthOf(value);
      return length === null ? null : String(length);
    }
    default:
      return null;
  }
}

export function renderTemplate(template: string, data: unknown): TemplateResult {
  const unclosed = template.lastIndexOf('{{') > template.lastIndexOf('}}');
  if (unclosed) return { ok: false, phase: 'parse', error: `${PREFIX}: unclosed action` };
  let out = '';
  let last = 0;
  for (const match of template.matchAll(ACTION)) {
    out += template.slice(last, match.index);
    last = match.index + match[0].length;
    const column = match.index + 2;
    const words = match[1]!.split(/\s+/).filter(Boolean);
    const [head, arg] = words;
    if (words.length === 1 && head!.startsWith('.')) {
      const found = lookup(data, head!, column);
      if (!found.ok) return found;
      out += goPrint(found.value);
      continue;
    }
    if (
      words.length === 2 &&
      ['json', 'len', 'upper', 'lower'].includes(head!) &&
      arg!.startsWith('.')
    ) {
      const found = lookup(data, arg!, column);
      if (!found.ok) return found;
      const text = applyFunction(head!, found.value);
      if (text === null) {
        return {
          ok: false,
          phase: 'exec',
          error: `${PREFIX}:${column + 1}: executing "" at <len ${arg}>: error calling len: len of type ${typeof found.value}`,
        };
      }
      out += text;
      continue;
    }
    return { ok: false, phase: 'parse', error: `${PREFIX}: function "${head ?? ''}" not defined` };
  }
  return { ok: true, text: out + template.slice(last) };
}
