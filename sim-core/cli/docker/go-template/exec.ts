// Go text/template's executor (exec.go, Go 1.19) over JSON-shaped data: fields, maps, methods,
// variables, pipelines, if/with/range/break/continue, {{template}}, and the error texts
// "template: :LINE:COL: executing "NAME" at <NODE>: ...".
import { goQuote } from './lexer.ts';
import { formatValue } from './fmt.ts';
import {
  argString,
  commandString,
  type Arg,
  type Command,
  type ControlNode,
  type Node,
  type ParsedTemplate,
  type Pipe,
} from './parser.ts';
import { BUILTINS, methodOf, type ArgType, type Builtin } from './builtins.ts';
import {
  entriesOf,
  GoFloat,
  isTrue,
  kindOf,
  NIL_POINTER,
  structInfo,
  typedNil,
  typeName,
} from './values.ts';

export class TemplateExecError extends Error {}

/** Go's ceiling on nested {{template}} calls. */
const MAX_EXEC_DEPTH = 100000;
/** Below Go's ceiling, JavaScript's stack ends first; the outcome (an error) is the same. */
const SAFE_EXEC_DEPTH = 500;

export interface ExecOptions {
  /** missingkey=error: a missing map key is an error instead of <no value>. */
  missingKeyError: boolean;
  /** Values came out of map[string]interface{}: errors name their type "interface {}". */
  interfaceValues: boolean;
}

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

/** No value passed along the pipeline yet (Go's missingVal). */
const MISSING = Symbol('missing');
type Final = unknown;

type Located = { pos: number; text: () => string };

export function execute(template: ParsedTemplate, data: unknown, options: ExecOptions): string {
  let out = '';
  let vars: { name: string; value: unknown }[] = [{ name: '$', value: data }];
  let node: Located | null = null;
  let name = '';
  let depth = 0;

  const at = (located: Located) => {
    node = located;
  };
  const argNode = (arg: Arg): Located => ({ pos: arg.pos, text: () => argString(arg) });
  const cmdNode = (cmd: Command): Located => ({ pos: cmd.pos, text: () => commandString(cmd) });

  const errorf = (message: string): never => {
    if (node === null) throw new TemplateExecError(`template: ${name}: ${message}`);
    const before = template.source.slice(0, node.pos);
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const lastNewline = before.lastIndexOf('\n');
    const column = lastNewline < 0 ? node.pos : node.pos - (lastNewline + 1);
    throw new TemplateExecError(
      `template: :${line}:${column}: executing ${goQuote(name)} at <${node.text()}>: ${message}`,
    );
  };

  const varValue = (variable: string): unknown => {
    for (let i = vars.length - 1; i >= 0; i--)
      if (vars[i]!.name === variable) return vars[i]!.value;
    return errorf(`undefined variable: ${variable}`);
  };
  const setVar = (variable: string, value: unknown) => {
    for (let i = vars.length - 1; i >= 0; i--) {
      if (vars[i]!.name === variable) {
        vars[i]!.value = value;
        return;
      }
    }
    errorf(`undefined variable: ${variable}`);
  };

  const typeOfReceiver = (value: unknown) =>
    options.interfaceValues ? 'interface {}' : typeName(value);

  const notAFunction = (args: Arg[], final: Final) => {
    if (args.length > 1 || final !== MISSING) {
      errorf(`can't give argument to non-function ${argString(args[0]!)}`);
    }
  };

  const evalField = (
    dot: unknown,
    fieldName: string,
    args: Arg[],
    final: Final,
    receiver: unknown,
    receiverIsRoot: boolean,
  ): unknown => {
    if (receiver === undefined) {
      if (options.missingKeyError) errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    const type = receiverIsRoot ? typeName(receiver) : typeOfReceiver(receiver);
    // A JSON null is a nil interface{} in Go, whichever view it came from.
    if (receiver === null) return errorf(`nil pointer evaluating interface {}.${fieldName}`);
    if (receiver === NIL_POINTER) return errorf(`nil pointer evaluating ${type}.${fieldName}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    const kind = kindOf(receiver);
    if (kind === 'struct') {
      const object = receiver as Record<string, unknown>;
      const info = structInfo(receiver)!;
      const omitted = info.omitted ?? {};
      // The struct's Go field names: a JSON key renamed in Go is not a field of the struct.
      const renamed = Object.entries(info.goNames ?? {}).find(([, goName]) => goName === fieldName);
      const key = renamed ? renamed[0] : info.goNames?.[fieldName] ? null : fieldName;
      if (key !== null && (Object.hasOwn(object, key) || Object.hasOwn(omitted, key))) {
        const field = Object.hasOwn(object, key) ? object[key] : omitted[key];
        if (typeof field === 'function') {
          return callFunction(dot, methodOf(field as () => unknown), fieldName, args, final);
        }
        if (hasArgs) errorf(`${fieldName} has arguments but cannot be invoked as function`);
        if (field === undefined || field === null) {
          const nilKind = info.nils?.[key];
          return nilKind ? typedNil(nilKind) : null;
        }
        return field;
      }
      return errorf(`can't evaluate field ${fieldName} in type ${type}`);
    }
    if (kind === 'map') {
      if (hasArgs) errorf(`${fieldName} is not a method but has arguments`);
      const object = receiver as Record<string, unknown>;
      if (Object.hasOwn(object, fieldName) && object[fieldName] !== undefined) {
        return object[fieldName];
      }
      if (options.missingKeyError) errorf(`map has no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    return errorf(`can't evaluate field ${fieldName} in type ${type}`);
  };

  const evalFieldChain = (
    dot: unknown,
    receiver: unknown,
    located: Located,
    ident: string[],
    args: Arg[],
    final: Final,
    receiverIsRoot: boolean,
  ): unknown => {
    at(located);
    let value = receiver;
    let isRoot = receiverIsRoot;
    for (let i = 0; i < ident.length - 1; i++) {
      value = evalField(dot, ident[i]!, [], MISSING, value, isRoot);
      isRoot = false;
    }
    return evalField(dot, ident[ident.length - 1]!, args, final, value, isRoot);
  };

  const evalArgAny = (dot: unknown, arg: Arg): unknown => {
    at(argNode(arg));
    switch (arg.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return undefined;
      case 'field':
        return evalFieldChain(dot, dot, argNode(arg), arg.ident, [arg], MISSING, true);
      case 'variable':
        return evalVariable(dot, arg, [], MISSING);
      case 'pipe':
        return evalPipeline(dot, arg);
      case 'identifier':
        return evalFunction(dot, arg, null, [], MISSING);
      case 'chain':
        return evalChain(dot, arg, [], MISSING);
      case 'bool':
        return arg.value;
      case 'number':
        return arg.isFloat ? new GoFloat(arg.value) : arg.value;
      case 'string':
        return arg.text;
    }
  };

  /** evalArg for a typed parameter: constants are checked, values validated. */
  const evalArg = (dot: unknown, type: ArgType, arg: Arg): unknown => {
    if (type === 'any') return evalArgAny(dot, arg);
    at(argNode(arg));
    const isConstant = ['bool', 'number', 'string', 'nil'].includes(arg.kind);
    if (isConstant) {
      if (arg.kind === 'nil') {
        if (type === 'strings') return null;
        return errorf(`cannot assign nil to ${goTypeOf(type)}`);
      }
      if (type === 'string') {
        if (arg.kind === 'string') return arg.text;
        return errorf(`expected string; found ${argString(arg)}`);
      }
      if (type === 'int') {
        if (arg.kind === 'number' && !arg.isFloat) return arg.value;
        return errorf(`expected integer; found ${argString(arg)}`);
      }
      return errorf(`can't handle ${argString(arg)} for arg of type ${goTypeOf(type)}`);
    }
    const value = evalArgAny(dot, arg);
    at(argNode(arg));
    return validateType(value, type);
  };

  const validateType = (value: unknown, type: ArgType): unknown => {
    if (type === 'any') return value;
    if (value === undefined || value === null) {
      if (type === 'strings') return null;
      return errorf(`invalid value; expected ${goTypeOf(type)}`);
    }
    const ok =
      type === 'string'
        ? typeof value === 'string'
        : type === 'int'
          ? kindOf(value) === 'int'
          : Array.isArray(value) && typeName(value) === '[]string';
    if (!ok) {
      const got =
        options.interfaceValues && type === 'strings' ? '[]interface {}' : typeName(value);
      if (type === 'strings' && Array.isArray(value) && value.length === 0) return value;
      errorf(`wrong type for value; expected ${goTypeOf(type)}; got ${got}`);
    }
    return value;
  };

  const callFunction = (
    dot: unknown,
    fn: Builtin,
    fnName: string,
    args: Arg[],
    final: Final,
    cmd: Command | null = null,
  ): unknown => {
    const callNode = node;
    const given = args.length - 1 + (final === MISSING ? 0 : 1);
    const fixed = fn.params.length;
    if (fn.variadic === undefined ? given !== fixed : given < fixed) {
      errorf(
        fn.variadic === undefined
          ? `wrong number of args for ${fnName}: want ${fixed} got ${given}`
          : `wrong number of args for ${fnName}: want at least ${fixed} got ${given}`,
      );
    }
    if (fn.shortCircuit) {
      // and/or evaluate lazily and return the deciding value itself (Go 1.18).
      let value: unknown = undefined;
      const operands = [...args.slice(1).map((arg) => () => evalArgAny(dot, arg))];
      if (final !== MISSING) operands.push(() => final);
      for (const operand of operands) {
        value = operand();
        if (isTrue(value) === (fn.shortCircuit === 'or')) return value;
      }
      return value;
    }
    const values: unknown[] = [];
    args.slice(1).forEach((arg, index) => {
      const type = index < fixed ? fn.params[index]! : fn.variadic!;
      values.push(evalArg(dot, type, arg));
    });
    if (final !== MISSING) {
      const type = values.length < fixed ? fn.params[values.length]! : fn.variadic!;
      values.push(validateType(final, type));
    }
    const result = fn.call(values, { interfaceValues: options.interfaceValues });
    if (!result.ok) {
      node = cmd ? cmdNode(cmd) : callNode;
      return errorf(`error calling ${fnName}: ${result.error}`);
    }
    return result.value;
  };

  const evalFunction = (
    dot: unknown,
    ident: Extract<Arg, { kind: 'identifier' }>,
    cmd: Command | null,
    args: Arg[],
    final: Final,
  ): unknown => {
    at(argNode(ident));
    const fn = BUILTINS[ident.name];
    if (!fn) return errorf(`${goQuote(ident.name)} is not a defined function`);
    return callFunction(dot, fn, ident.name, args.length > 0 ? args : [ident], final, cmd);
  };

  const evalVariable = (
    dot: unknown,
    variable: Extract<Arg, { kind: 'variable' }>,
    args: Arg[],
    final: Final,
  ): unknown => {
    at(argNode(variable));
    const value = varValue(variable.ident[0]!);
    if (variable.ident.length === 1) {
      notAFunction(args.length > 0 ? args : [variable], final);
      return value;
    }
    const isRoot = variable.ident[0] === '$' && value === data;
    return evalFieldChain(
      dot,
      value,
      argNode(variable),
      variable.ident.slice(1),
      args.length > 0 ? args : [variable],
      final,
      isRoot,
    );
  };

  const evalChain = (
    dot: unknown,
    chain: Extract<Arg, { kind: 'chain' }>,
    args: Arg[],
    final: Final,
  ): unknown => {
    at(argNode(chain));
    if (chain.node.kind === 'nil')
      errorf(`indirection through explicit nil in ${argString(chain)}`);
    const receiver = evalArgAny(dot, chain.node);
    return evalFieldChain(
      dot,
      receiver,
      argNode(chain),
      chain.fields,
      args.length > 0 ? args : [chain],
      final,
      false,
    );
  };

  const evalCommand = (dot: unknown, cmd: Command, final: Final): unknown => {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return evalFieldChain(dot, dot, argNode(first), first.ident, cmd.args, final, true);
      case 'chain':
        return evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        notAFunction(cmd.args, final);
        return evalPipeline(dot, first);
      case 'variable':
        return evalVariable(dot, first, cmd.args, final);
      default:
        break;
    }
    at(argNode(first));
    notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return errorf('nil is not a command');
      case 'number':
        return first.isFloat ? new GoFloat(first.value) : first.value;
      case 'string':
        return first.text;
    }
  };

  const evalPipeline = (dot: unknown, pipe: Pipe): unknown => {
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = evalCommand(dot, cmd, value);
      // A nil interface{} unwraps to "no value" (Go: reflect.ValueOf(value.Interface())).
      if (value === null) value = undefined;
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) setVar(variable, value);
      else vars.push({ name: variable, value });
    }
    return value;
  };

  const printValue = (located: Located, value: unknown) => {
    at(located);
    if (value === undefined) {
      out += '<no value>';
      return;
    }
    if (typeof value === 'function')
      errorf(`can't print ${located.text()} of type ${typeName(value)}`);
    out += formatValue(value);
  };

  const walkList = (dot: unknown, list: Node[]) => {
    for (const item of list) walk(dot, item);
  };

  const walk = (dot: unknown, item: Node): void => {
    switch (item.kind) {
      case 'text':
        out += item.text;
        return;
      case 'action': {
        const value = evalPipeline(dot, item.pipe);
        if (item.pipe.decl.length === 0) {
          printValue({ pos: item.pos, text: () => `{{${pipeText(item.pipe)}}}` }, value);
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = vars.length;
        const value = evalPipeline(dot, item.pipe);
        if (isTrue(value)) walkList(item.kind === 'with' ? value : dot, item.list);
        else if (item.elseList) walkList(dot, item.elseList);
        vars = vars.slice(0, mark);
        return;
      }
      case 'range':
        walkRange(dot, item);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'template':
        walkTemplate(dot, item);
        return;
    }
  };

  const walkRange = (dot: unknown, item: ControlNode) => {
    at({ pos: item.pos, text: () => `{{range ${pipeText(item.pipe)}}}` });
    const outer = vars.length;
    const value = evalPipeline(dot, item.pipe);
    const mark = vars.length;
    const iterate = (key: unknown, element: unknown): boolean => {
      if (item.pipe.decl.length > 0) {
        if (item.pipe.isAssign) {
          if (item.pipe.decl.length > 1) {
            setVar(item.pipe.decl[0]!, key);
            setVar(item.pipe.decl[1]!, element);
          } else setVar(item.pipe.decl[0]!, element);
        } else {
          vars[vars.length - 1]!.value = element;
          if (item.pipe.decl.length > 1) vars[vars.length - 2]!.value = key;
        }
      }
      try {
        walkList(element, item.list);
      } catch (signal) {
        if (signal === BREAK) return false;
        if (signal !== CONTINUE) throw signal;
      } finally {
        vars = vars.slice(0, mark);
      }
      return true;
    };
    const kind = kindOf(value);
    let empty = true;
    if (kind === 'slice') {
      const items = value as unknown[];
      empty = items.length === 0;
      for (let i = 0; i < items.length; i++) if (!iterate(i, items[i])) break;
    } else if (kind === 'map') {
      const entries = entriesOf(value as object);
      empty = entries.length === 0;
      for (const [key, element] of entries) if (!iterate(key, element)) break;
    } else if (kind !== 'invalid' && kind !== 'nil') {
      errorf(`range can't iterate over ${formatValue(value)}`);
    }
    if (empty && item.elseList) walkList(dot, item.elseList);
    vars = vars.slice(0, outer);
  };

  const walkTemplate = (dot: unknown, item: Extract<Node, { kind: 'template' }>) => {
    at({
      pos: item.pos,
      text: () => `{{template ${goQuote(item.name)}${item.pipe ? ` ${pipeText(item.pipe)}` : ''}}}`,
    });
    const body = template.defined.get(item.name);
    if (!body) return errorf(`template ${goQuote(item.name)} not defined`);
    if (depth >= SAFE_EXEC_DEPTH)
      return errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const value = item.pipe ? evalPipeline(dot, item.pipe) : undefined;
    const saved = { vars, name };
    vars = [{ name: '$', value }];
    name = item.name;
    depth++;
    try {
      walkList(value, body);
    } finally {
      depth--;
      vars = saved.vars;
      name = saved.name;
    }
  };

  walkList(data, template.root);
  return out;
}

function pipeText(pipe: Pipe): string {
  const decl = pipe.decl.length > 0 ? `${pipe.decl.join(', ')} ${pipe.isAssign ? '=' : ':='} ` : '';
  return decl + pipe.cmds.map(commandString).join(' | ');
}

function goTypeOf(type: ArgType): string {
  return type === 'strings' ? '[]string' : type === 'any' ? 'interface {}' : type;
}
