// Go templates for `--format` and `inspect -f`, as Docker 20.10's CLI runs them: Go 1.19's
// text/template (go-template/: lexer, parser, executor, fmt, builtins) with Docker's extra
// functions. Inspect commands pass rawFallback: Docker runs the template on its typed structs
// first and, if that fails, on the raw JSON with missingkey=error, whose error is the one shown.
import { FUNCTION_NAMES } from './go-template/builtins.ts';
import { execute, TemplateExecError } from './go-template/exec.ts';
import { parseTemplate, TemplateParseError, type ParsedTemplate } from './go-template/parser.ts';
import { goStruct, rawView, structInfo } from './go-template/values.ts';

export { goStruct } from './go-template/values.ts';
export { goMethod } from './go-template/builtins.ts';

/** 'parse': the template is malformed (docker inspect exits 64); 'exec': it failed on this data. */
export type TemplateResult =
  | { ok: true; text: string }
  | {
      ok: false;
      /** As docker inspect and docker images print it: "template parsing error: template: ...". */
      error: string;
      /** Go's own error ("template: :1: ..."), for commands that word the prefix differently. */
      goError: string;
      phase: 'parse' | 'exec';
    };

export interface RenderOptions {
  /** docker inspect's second try on the raw JSON (missingkey=error, json.Number numbers). */
  rawFallback?: boolean;
}

export type CompileResult =
  { ok: true; template: ParsedTemplate } | Extract<TemplateResult, { ok: false }>;

function failure(goError: string, phase: 'parse' | 'exec'): Extract<TemplateResult, { ok: false }> {
  return { ok: false, error: `template parsing error: ${goError}`, goError, phase };
}

/** Parses once, for commands that run one template over many rows. */
export function compileTemplate(source: string): CompileResult {
  try {
    return { ok: true, template: parseTemplate(source, FUNCTION_NAMES) };
  } catch (error) {
    if (error instanceof TemplateParseError) return failure(error.message, 'parse');
    throw error;
  }
}

function run(template: ParsedTemplate, data: unknown, raw: boolean): TemplateResult {
  try {
    const text = execute(template, data, { missingKeyError: raw, interfaceValues: raw });
    return { ok: true, text };
  } catch (error) {
    if (error instanceof TemplateExecError) return failure(error.message, 'exec');
    // Deep {{template}} recursion ends JavaScript's stack before Go's depth limit.
    if (error instanceof RangeError) {
      return failure('template: : exceeded maximum template depth (100000)', 'exec');
    }
    throw error;
  }
}

export function executeTemplate(
  template: ParsedTemplate,
  data: unknown,
  options: RenderOptions = {},
): TemplateResult {
  if (!options.rawFallback) return run(template, data, false);
  // Every inspect document is a struct in Docker (types.ContainerJSON, types.Volume, ...).
  const typed =
    data !== null && typeof data === 'object' && !Array.isArray(data) && !structInfo(data)
      ? goStruct({ ...data }, { type: 'struct' })
      : data;
  const first = run(template, typed, false);
  if (first.ok) return first;
  return run(template, rawView(data), true);
}

export function renderTemplate(
  source: string,
  data: unknown,
  options: RenderOptions = {},
): TemplateResult {
  const compiled = compileTemplate(source);
  if (!compiled.ok) return compiled;
  return executeTemplate(compiled.template, data, options);
}
