// docker volume create, ls, inspect and rm (volume prune is in prune-commands.ts).
import { volumeInUse } from '../../engine/containers/stop.ts';
import { volumeMountpoint } from '../../engine/volumes/volume.ts';
import type { StepContext } from '../../world/context.ts';
import { isoTimestamp, SIM_EPOCH_UNIX_SECONDS } from '../../world/epoch.ts';
import { nextHex } from '../../world/rng.ts';
import { UserError } from '../../world/user-error.ts';
import { formatTable } from '../table.ts';
import { labelsFrom, matchesLabel } from './labels.ts';
import { renderTemplate } from './go-template.ts';
import type { DockerCommand } from './image-commands.ts';
import { inspectCommand } from './inspect-command.ts';

const text = (value: string) => ({ ok: true as const, value });

function inspectJson(ctx: StepContext, daemonId: string, name: string) {
  const volume = ctx.world.daemons[daemonId]!.volumes[name]!;
  return {
    CreatedAt: isoTimestamp(SIM_EPOCH_UNIX_SECONDS + Math.floor(volume.createdNs / 1e9)),
    Driver: volume.driver,
    Labels: volume.explicit || Object.keys(volume.labels).length > 0 ? volume.labels : null,
    Mountpoint: volumeMountpoint(volume.name),
    Name: volume.name,
    Options: volume.explicit ? {} : null,
    Scope: 'local',
  };
}

function printTemplated(ctx: StepContext, format: string, items: unknown[]): void {
  for (const item of items) {
    const rendered = renderTemplate(format, item);
    if (!rendered.ok) throw new UserError(rendered.error);
    ctx.out(`${rendered.text}\n`);
  }
}

const create: DockerCommand = {
  spec: {
    path: 'docker volume create',
    usage: 'docker volume create [OPTIONS] [VOLUME]',
    summary: 'Create a volume',
    flags: [
      {
        long: 'label',
        valueName: 'list',
        description: 'Set metadata for a volume',
        parse: text,
        repeatable: true,
      },
    ],
    args: { min: 0, max: 1 },
  },
  run: (ctx, daemonId, flags, [name]) => {
    const chosen = name ?? nextHex(ctx.rng, 64);
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(chosen)) {
      throw new UserError(
        `Error response from daemon: create ${chosen}: "${chosen}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    ctx.emit({
      kind: 'api.request',
      daemonId,
      method: 'POST',
      path: '/v1.41/volumes/create',
      status: 201,
    });
    if (!ctx.world.daemons[daemonId]!.volumes[chosen]) {
      ctx.emit({
        kind: 'volume.create',
        daemonId,
        volume: {
          name: chosen,
          driver: 'local',
          createdNs: ctx.nowNs,
          labels: labelsFrom(flags.get('label') as string[] | undefined),
          anonymous: false,
          explicit: true,
          files: {},
        },
      });
    }
    ctx.out(chosen);
    return 0;
  },
};

const ls: DockerCommand = {
  spec: {
    path: 'docker volume ls',
    usage: 'docker volume ls [OPTIONS]',
    summary: 'List volumes',
    flags: [
      { long: 'quiet', short: 'q', description: 'Only display volume names' },
      {
        long: 'filter',
        short: 'f',
        valueName: 'filter',
        description: "Provide filter values (e.g. 'dangling=true')",
        parse: text,
        repeatable: true,
      },
      {
        long: 'format',
        valueName: 'string',
        description: 'Pretty-print volumes using a Go template',
        parse: text,
      },
    ],
    args: { min: 0, max: 0 },
  },
  run: (ctx, daemonId, flags) => {
    let volumes = Object.values(ctx.world.daemons[daemonId]!.volumes);
    for (const filter of (flags.get('filter') as string[] | undefined) ?? []) {
      const [key, ...rest] = filter.split('=');
      const value = rest.join('=');
      if (key === 'name') volumes = volumes.filter((volume) => new RegExp(value).test(volume.name));
      else if (key === 'label')
        volumes = volumes.filter((volume) => matchesLabel(volume.labels, value));
      else if (key === 'dangling')
        volumes = volumes.filter(
          (volume) => (volumeInUse(ctx, daemonId, volume.name).length === 0) === (value === 'true'),
        );
      else throw new UserError(`Error response from daemon: Invalid filter '${key}'`);
    }
    const rows = [...volumes]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((volume) => ({
        Driver: volume.driver,
        Name: volume.name,
        Mountpoint: volumeMountpoint(volume.name),
        Scope: 'local',
      }));
    if (flags.get('quiet')) {
      if (rows.length > 0) ctx.out(rows.map((row) => row.Name).join('\n'));
      return 0;
    }
    const format = flags.get('format') as string | undefined;
    if (format) printTemplated(ctx, format, rows);
    else
      ctx.out(
        formatTable(
          ['DRIVER', 'VOLUME NAME'],
          rows.map((row) => [row.Driver, row.Name]),
        ),
      );
    return 0;
  },
};

const inspect = inspectCommand({
  path: 'docker volume inspect',
  usage: 'docker volume inspect [OPTIONS] VOLUME [VOLUME...]',
  summary: 'Display detailed information on one or more volumes',
  find: (ctx, daemonId, name) =>
    ctx.world.daemons[daemonId]!.volumes[name] ? inspectJson(ctx, daemonId, name) : null,
  missing: (name) => `Error: No such volume: ${name}`,
});

const rm: DockerCommand = {
  spec: {
    path: 'docker volume rm',
    usage: 'docker volume rm [OPTIONS] VOLUME [VOLUME...]',
    summary: 'Remove one or more volumes',
    flags: [{ long: 'force', short: 'f', description: 'Force the removal of one or more volumes' }],
    args: { min: 1, max: 100 },
  },
  run: (ctx, daemonId, _flags, names) => {
    let status = 0;
    for (const name of names) {
      if (!ctx.world.daemons[daemonId]!.volumes[name]) {
        ctx.err(`Error: No such volume: ${name}`);
        status = 1;
        continue;
      }
      const users = volumeInUse(ctx, daemonId, name);
      if (users.length > 0) {
        ctx.err(
          `Error response from daemon: remove ${name}: volume is in use - [${users.join(', ')}]`,
        );
        status = 1;
        continue;
      }
      ctx.emit({
        kind: 'api.request',
        daemonId,
        method: 'DELETE',
        path: `/v1.41/volumes/${name}`,
        status: 204,
      });
      ctx.emit({ kind: 'volume.remove', daemonId, name });
      ctx.out(name);
    }
    return status;
  },
};

export const VOLUME_COMMANDS: Record<string, DockerCommand> = {
  'volume create': create,
  'volume ls': ls,
  'volume inspect': inspect,
  'volume rm': rm,
};
