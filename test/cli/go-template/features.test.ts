// Each template feature on data made for it: what a learner's --format prints.
import { describe, expect, it } from 'vitest';
import { goMethod, goStruct, renderTemplate } from '../../../sim-core/cli/docker/go-template.ts';

const data = {
  Name: 'web',
  Count: 3,
  Ratio: 0.25,
  On: true,
  Off: false,
  Nothing: null,
  Tags: ['a', 'b', 'c'],
  Empty: [] as string[],
  Labels: { zeta: '1', alpha: '2', mid: '3' },
  Nested: { Inner: { Deep: 'down' } },
  Items: [
    { Name: 'x', Size: 1 },
    { Name: 'y', Size: 2 },
  ],
};

function render(template: string, value: unknown = data): string {
  const result = renderTemplate(template, value);
  if (!result.ok) return `ERROR ${result.phase}: ${result.goError}`;
  return result.text;
}

describe('fields and printing', () => {
  it('prints fields, nested fields, slices, maps (sorted) and missing keys', () => {
    expect(render('{{.Name}} {{.Count}} {{.Ratio}} {{.On}}')).toBe('web 3 0.25 true');
    expect(render('{{.Nested.Inner.Deep}}')).toBe('down');
    expect(render('{{.Tags}}')).toBe('[a b c]');
    expect(render('{{.Labels}}')).toBe('map[alpha:2 mid:3 zeta:1]');
    expect(render('{{.Missing}} {{.Nothing}}')).toBe('<no value> <no value>');
  });
  it('prints structs as {fields} and refuses fields a struct lacks', () => {
    const row = goStruct({ A: 1, B: 'two' }, { type: '*formatter.Row' });
    expect(render('{{.}}', row)).toBe('{1 two}');
    expect(render('{{printf "%+v" .}}', row)).toBe('{A:1 B:two}');
    expect(render('{{.C}}', row)).toBe(
      'ERROR exec: template: :1:2: executing "" at <.C>: can\'t evaluate field C in type *formatter.Row',
    );
  });
  it('calls methods with their arguments', () => {
    const row = goStruct(
      { Label: goMethod(['string'], (key) => `label:${String(key)}`) },
      { type: '*formatter.Row' },
    );
    expect(render('{{.Label "com.x"}}', row)).toBe('label:com.x');
    expect(render('{{.Label}}', row)).toBe(
      'ERROR exec: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0',
    );
  });
});

describe('control structures', () => {
  it('ranges over slices with an index and over maps in key order', () => {
    expect(render('{{range .Tags}}[{{.}}]{{end}}')).toBe('[a][b][c]');
    expect(render('{{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}')).toBe('0=a 1=b 2=c ');
    expect(render('{{range $k, $v := .Labels}}{{$k}}={{$v}},{{end}}')).toBe(
      'alpha=2,mid=3,zeta=1,',
    );
    expect(render('{{range .Items}}{{.Name}}:{{.Size}} {{end}}')).toBe('x:1 y:2 ');
  });
  it('runs else for an empty range, and break and continue', () => {
    expect(render('{{range .Empty}}x{{else}}none{{end}}')).toBe('none');
    expect(render('{{range .Tags}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}')).toBe('ac');
    expect(render('{{range .Tags}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}')).toBe('a');
  });
  it('chooses with if, else if and else, and with moves dot', () => {
    const choose = '{{if .Off}}1{{else if .On}}2{{else}}3{{end}}';
    expect(render(choose)).toBe('2');
    expect(render('{{with .Nested.Inner}}{{.Deep}}{{end}}')).toBe('down');
    expect(render('{{with .Nothing}}x{{else}}empty{{end}}')).toBe('empty');
  });
  it('keeps variables to their scope and reaches the root through $', () => {
    expect(render('{{$n := .Name}}{{range .Tags}}{{$n}}{{end}}')).toBe('webwebweb');
    expect(render('{{range .Items}}{{$.Name}}/{{.Name}} {{end}}')).toBe('web/x web/y ');
    expect(render('{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}')).toBe('2');
    expect(render('{{if true}}{{$y := 1}}{{end}}{{$y}}')).toBe(
      'ERROR parse: template: :1: undefined variable "$y"',
    );
  });
  it('defines and calls named templates', () => {
    expect(render('{{define "t"}}<{{.}}>{{end}}{{template "t" .Name}}')).toBe('<web>');
    expect(render('{{block "b" .Count}}[{{.}}]{{end}}')).toBe('[3]');
  });
  it('stops endless template recursion with an error instead of a crash', () => {
    const result = renderTemplate('{{define "t"}}{{template "t"}}{{end}}{{template "t"}}', data);
    expect(result.ok).toBe(false);
  });
});

describe('functions and pipelines', () => {
  it('passes a pipeline value as the last argument', () => {
    expect(render('{{.Name | upper | printf "%s!"}}')).toBe('WEB!');
    expect(render('{{.Tags | len}}')).toBe('3');
    expect(render('{{"a" | printf "%s%s" "b"}}')).toBe('ba');
  });
  it('indexes and slices slices, strings and maps', () => {
    expect(render('{{index .Tags 1}} {{index .Labels "mid"}} {{index .Name 0}}')).toBe('b 3 119');
    expect(render('{{slice .Name 1}} {{slice .Tags 1 2}}')).toBe('eb [b]');
    expect(render('{{index .Tags 3}}')).toBe(
      'ERROR exec: template: :1:2: executing "" at <index .Tags 3>: error calling index: index out of range: 3',
    );
  });
  it('compares, with Go errors for incompatible types', () => {
    expect(render('{{eq .Count 3}} {{ne .Name "x"}} {{lt 1 2}} {{ge "b" "a"}}')).toBe(
      'true true true true',
    );
    expect(render('{{eq .Name "x" "y" "web"}}')).toBe('true');
    expect(render('{{lt .Name 1}}')).toBe(
      'ERROR exec: template: :1:2: executing "" at <lt .Name 1>: error calling lt: incompatible types for comparison',
    );
  });
  it('returns the deciding operand from and/or and negates with not', () => {
    expect(render('{{and 1 0 2}} {{or 0 "" "x"}} {{not .Off}}')).toBe('0 x true');
    expect(render('{{if and .On (gt .Count 2)}}yes{{end}}')).toBe('yes');
  });
  it("has Docker's helpers", () => {
    expect(render('{{json .Labels}}')).toBe('{"alpha":"2","mid":"3","zeta":"1"}');
    expect(render('{{json "<&>"}}')).toBe('"<&>"');
    expect(render('{{join .Tags ","}} {{split "a:b" ":"}}')).toBe('a,b,c [a b]');
    expect(render('{{title "hello world"}} {{lower "AB"}} {{upper "ab"}}')).toBe(
      'Hello World ab AB',
    );
    expect(render('{{pad "x" 1 2}}|{{truncate "abcdef" 3}}')).toBe(' x  |abc');
  });
  it('formats like fmt', () => {
    expect(
      render('{{printf "%5d|%-4s|%05.1f|%x|%q|%t|%v" 42 "ab" 3.14159 255 "q" true .Tags}}'),
    ).toBe('   42|ab  |003.1|ff|"q"|true|[a b c]');
    expect(render('{{printf "%d" .Name}} {{printf "%s"}} {{printf "%s" 1 2}}')).toBe(
      '%!d(string=web) %!s(MISSING) %!s(int=1)%!(EXTRA int=2)',
    );
    expect(render('{{print "a" 1 2 "b"}}|{{println 1 "x"}}')).toBe('a1 2b|1 x\n');
    expect(render("{{1e6}} {{1.0}} {{0x10}} {{'a'}}")).toBe('1e+06 1 16 97');
  });
});

describe('errors', () => {
  it.each([
    ['{{.Name', 'template: :1: unclosed action'],
    ['{{.Name}', "template: :1: bad character U+007D '}'"],
    ['{{nope .Name}}', 'template: :1: function "nope" not defined'],
    ['{{if .On}}x', 'template: :1: unexpected EOF'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{}}', 'template: :1: missing value for command'],
    ['{{.Name | "a"}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{break}}', 'template: :1: {{break}} outside {{range}}'],
    ['{{range $a, $b, $c := .Tags}}{{end}}', 'template: :1: too many declarations in range'],
    ['line one\n{{.Name', 'template: :2: unclosed action'],
  ])('%j is refused at parse time', (template, message) => {
    expect(render(template)).toBe(`ERROR parse: ${message}`);
  });
  it('places exec errors at line and column', () => {
    expect(render('a\nbc {{.Nothing.X}}')).toBe(
      'ERROR exec: template: :2:13: executing "" at <.Nothing.X>: nil pointer evaluating interface {}.X',
    );
    expect(render('{{range .Count}}{{end}}')).toBe(
      'ERROR exec: template: :1:8: executing "" at <.Count>: range can\'t iterate over 3',
    );
  });
});
