// Running a whole script headlessly: the engine of `npm run sim`. Pure: text in, outputs out.
import { Session } from '../trace/session.ts';
import { splitScript } from './script.ts';

export interface ScriptStep {
  cmd: string;
  stdout: string;
  stderr: string;
  exit: number;
}

export interface ScriptRun {
  steps: ScriptStep[];
  traceHash: string;
  simTimeNs: number;
  events: number;
  session: Session;
}

export function runScript(source: string, seed: number): ScriptRun {
  const session = new Session({ seed });
  const steps = splitScript(source).map(({ text }) => {
    const record = session.run(text);
    return { cmd: text, stdout: record.stdout, stderr: record.stderr, exit: record.exitCode };
  });
  return {
    steps,
    traceHash: session.traceHash,
    simTimeNs: session.headWorld.clockNs,
    events: session.events.length,
    session,
  };
}

/** Terminal-like text: each command after a prompt, then what it printed. */
export function formatAsTerminal(run: ScriptRun): string {
  let text = '';
  for (const step of run.steps) {
    text += `$ ${step.cmd}\n${step.stdout}${step.stderr}`;
    if (step.exit !== 0) text += `[exit ${step.exit}]\n`;
  }
  return `${text}# trace ${run.traceHash} · ${run.events} events · simulated time ${run.simTimeNs} ns\n`;
}

/** JSON lines: one per command, then a summary line. */
export function formatAsJsonLines(run: ScriptRun): string {
  const lines = run.steps.map((step) =>
    JSON.stringify({ cmd: step.cmd, stdout: step.stdout, stderr: step.stderr, exit: step.exit }),
  );
  lines.push(
    JSON.stringify({ traceHash: run.traceHash, simTimeNs: run.simTimeNs, events: run.events }),
  );
  return `${lines.join('\n')}\n`;
}
