// `docker stats --no-stream`: one sample of each running container's cgroup. CPU % is what the
// CFS scheduler gives the container's cgroup over a one-second window, as a share of one CPU
// (100% = one busy core, as docker shows it); memory is memory.current against memory.max.
import { measureCpu } from '../../kernel/cpu-share.ts';
import type { StepContext } from '../../world/context.ts';
import { formatBytes } from '../../world/units.ts';
import { UserError } from '../../world/user-error.ts';
import { findContainer } from '../../engine/containers/create.ts';
import { formatTable } from '../table.ts';
import { renderTemplate } from './go-template.ts';
import type { DockerCommand } from './image-commands.ts';

const text = (value: string) => ({ ok: true as const, value });

export interface StatsRow {
  ID: string;
  Container: string;
  Name: string;
  CPUPerc: string;
  MemUsage: string;
  MemPerc: string;
  NetIO: string;
  BlockIO: string;
  PIDs: string;
}

export function statsRows(ctx: StepContext, daemonId: string, names: string[]): StatsRow[] {
  const daemon = ctx.world.daemons[daemonId]!;
  const kernel = ctx.world.kernels[daemon.kernelId]!;
  const ids =
    names.length > 0
      ? names.map((name) => {
          const id = findContainer(daemon, name);
          if (!id) throw new UserError(`Error response from daemon: No such container: ${name}`);
          return id;
        })
      : Object.values(daemon.containers)
          .filter((c) => c.state === 'running' || c.state === 'paused')
          .map((c) => c.id);
  const cpu = measureCpu(kernel);
  return ids.map((id) => {
    const container = daemon.containers[id]!;
    const group = kernel.cgroups[container.cgroupPath];
    const usageNs = cpu.perGroup.get(container.cgroupPath)?.usageNs ?? 0;
    const limit =
      container.hostConfig.memoryBytes > 0 ? container.hostConfig.memoryBytes : kernel.memoryBytes;
    const memory = group?.memory.currentBytes ?? 0;
    return {
      ID: id.slice(0, 12),
      Container: names.length > 0 ? names[ids.indexOf(id)]! : id.slice(0, 12),
      Name: container.name,
      CPUPerc: `${((usageNs / cpu.windowNs) * 100).toFixed(2)}%`,
      MemUsage: `${formatBytes(memory)} / ${formatBytes(limit)}`,
      MemPerc: `${((memory / limit) * 100).toFixed(2)}%`,
      NetIO: '0B / 0B',
      BlockIO: '0B / 0B',
      PIDs: String(group?.pids.current ?? 0),
    };
  });
}

export const stats: DockerCommand = {
  spec: {
    path: 'docker stats',
    usage: 'docker stats [OPTIONS] [CONTAINER...]',
    summary: 'Display a live stream of container(s) resource usage statistics',
    flags: [
      { long: 'no-stream', description: 'Disable streaming stats and only pull the first result' },
      { long: 'all', short: 'a', description: 'Show all containers (default shows just running)' },
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print images using a Go template',
        parse: text,
      },
    ],
    args: { min: 0, max: 100 },
  },
  run: (ctx, daemonId, flags, names) => {
    const rows = statsRows(ctx, daemonId, names);
    const format = flags.get('format') as string | undefined;
    if (format) {
      for (const row of rows) {
        const rendered = renderTemplate(format, row);
        if (!rendered.ok) throw new UserError(rendered.error);
        ctx.out(`${rendered.text}\n`);
      }
    } else {
      ctx.out(
        formatTable(
          [
            'CONTAINER ID',
            'NAME',
            'CPU %',
            'MEM USAGE / LIMIT',
            'MEM %',
            'NET I/O',
            'BLOCK I/O',
            'PIDS',
          ],
          rows.map((row) => [
            row.ID,
            row.Name,
            row.CPUPerc,
            row.MemUsage,
            row.MemPerc,
            row.NetIO,
            row.BlockIO,
            row.PIDs,
          ]),
        ),
      );
    }
    if (!flags.get('no-stream'))
      ctx.err(
        '(docker stats streams until Ctrl-C; the simulator shows one sample: add --no-stream to say so)',
      );
    return 0;
  },
};
