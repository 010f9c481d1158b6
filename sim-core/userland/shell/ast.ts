// The syntax tree of the `sh -c` subset people type in containers (busybox ash's grammar, minus
// here-documents, pathname globbing and arithmetic). Plain data only, so a parsed script
// can be stored in the world, hashed, and compared with structuredClone.

/** A piece of a word. `quoted` pieces are never split into fields. */
export type WordPart =
  | { kind: 'literal'; text: string; quoted: boolean }
  | {
      kind: 'parameter';
      /** A name, a digit, or one of ? $ # @ * ! 0. */
      name: string;
      /** '' for $X and ${X}; 'length' for ${#X}; otherwise the ${X<op>word} operator. */
      op: '' | 'length' | ':-' | '-' | ':+' | '+' | ':=' | '=' | ':?' | '?';
      word: Word | null;
      quoted: boolean;
    }
  | { kind: 'command'; script: Script; quoted: boolean }
  /** `$((expression))`: the expression's text, with $X expansions still in it. */
  | { kind: 'arithmetic'; expression: Word; quoted: boolean };

export interface Word {
  parts: WordPart[];
}

export interface Redirect {
  /** The redirected descriptor: 1 for `>`, 0 for `<`, 2 for `2>`. */
  fd: number;
  /** `>&` and `<&` duplicate a descriptor (`2>&1`); the others open a file. */
  op: '>' | '>>' | '<' | '>&' | '<&';
  target: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  kind: 'simple';
  /** 0-based line of the script it starts on, for ash's "sh: cd: line N: ..." messages. */
  line: number;
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface Subshell {
  kind: 'subshell';
  body: Script;
  redirects: Redirect[];
}

export interface Group {
  kind: 'group';
  body: Script;
  redirects: Redirect[];
}

export interface If {
  kind: 'if';
  /** `if` and each `elif`, in order. */
  branches: { condition: Script; body: Script }[];
  elseBody: Script | null;
  redirects: Redirect[];
}

export interface Loop {
  kind: 'while' | 'until';
  condition: Script;
  body: Script;
  redirects: Redirect[];
}

export interface For {
  kind: 'for';
  variable: string;
  /** Null for `for NAME; do`, which walks the positional parameters. */
  items: Word[] | null;
  body: Script;
  redirects: Redirect[];
}

export interface Case {
  kind: 'case';
  subject: Word;
  /** `pattern | pattern) body ;;` in order; the first item with a matching pattern runs. */
  items: { patterns: Word[]; body: Script }[];
  redirects: Redirect[];
}

/** `name() body`: defining it stores the body in ShellEnv.functions. */
export interface FunctionDefinition {
  kind: 'function';
  name: string;
  body: Command;
}

/**
 * Not typed by anyone: what is left of a loop or a function when the shell stopped inside it to
 * wait (sleep, wait). Running it finishes `rest` in the loop's or function's frame (so break,
 * continue and return still reach it), then carries on with the loop.
 */
export interface ResumeLoop {
  kind: 'resume-loop';
  /** Stopped in the loop's body, or in its condition (whose status decides the next turn). */
  phase: 'body' | 'condition';
  rest: Script;
  /** The loop to go on with; a `for` over the items not reached yet. */
  loop: Loop | For;
  redirects: Redirect[];
}

export interface ResumeFunction {
  kind: 'resume-function';
  rest: Script;
  positional: string[];
  redirects: Redirect[];
}

/** Not typed by anyone: a trap's action run for a signal that arrived while the shell waited. */
export interface TrapAction {
  kind: 'trap-action';
  action: string;
  redirects: Redirect[];
}

export type Command =
  | TrapAction
  | SimpleCommand
  | Subshell
  | Group
  | If
  | Loop
  | For
  | Case
  | FunctionDefinition
  | ResumeLoop
  | ResumeFunction;

export interface Pipeline {
  /** `! cmd` inverts the exit status. */
  negated: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface ListItem {
  andOr: AndOr;
  /** Ended by `&`: started in the background, not waited for. */
  background: boolean;
}

export interface Script {
  items: ListItem[];
}
