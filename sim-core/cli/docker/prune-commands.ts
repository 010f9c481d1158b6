// docker container prune, image prune [-a], volume prune, network prune and system prune.
// Without -f the CLI asks first; the simulator's client has no keyboard on stdin, so it reads
// end-of-file as Docker does there: the answer is no, and the command ends with status 0.
import {
  pruneContainers,
  pruneImages,
  pruneNetworks,
  pruneVolumes,
  type PruneReport,
} from '../../engine/prune/prune.ts';
import { parsePruneFilters, type PruneFilters } from '../../engine/prune/prune-filters.ts';
import type { StepContext } from '../../world/context.ts';
import { simUnixSeconds } from '../../world/epoch.ts';
import { UserError } from '../../world/user-error.ts';
import type { FlagSpec } from '../flags.ts';
import { humanSize } from './human.ts';
import type { DockerCommand } from './image-commands.ts';

const text = (value: string) => ({ ok: true as const, value });

const FORCE: FlagSpec = {
  long: 'force',
  short: 'f',
  description: 'Do not prompt for confirmation',
};
const filterFlag = (example: string): FlagSpec => ({
  long: 'filter',
  valueName: 'filter',
  description: `Provide filter values (e.g. '${example}')`,
  parse: text,
  repeatable: true,
});

/** The question the CLI asks; with nothing on stdin the answer is no. */
function confirmed(ctx: StepContext, flags: Map<string, unknown>, warning: string): boolean {
  if (flags.get('force')) return true;
  ctx.write('stdout', `${warning}\nAre you sure you want to continue? [y/N] `);
  return false;
}

function filtersOf(
  ctx: StepContext,
  flags: Map<string, unknown>,
  allowed: readonly ('label' | 'until' | 'dangling')[],
): PruneFilters {
  return parsePruneFilters(
    (flags.get('filter') as string[] | undefined) ?? [],
    allowed,
    simUnixSeconds(ctx.nowNs),
  );
}

/** The section one prune prints: its heading and one line per thing removed, or nothing. */
function section(heading: string, report: PruneReport): string {
  return report.deleted.length > 0
    ? `${heading}:\n${report.deleted.map((line) => `${line}\n`).join('')}\n`
    : '';
}

const total = (bytes: number) => `Total reclaimed space: ${humanSize(bytes)}\n`;

function pruneCommand(
  noun: string,
  summary: string,
  warning: (flags: Map<string, unknown>) => string,
  flags: FlagSpec[],
  run: (ctx: StepContext, daemonId: string, flags: Map<string, unknown>) => string,
  printsTotalWhenDeclined = true,
): DockerCommand {
  return {
    spec: {
      path: `docker ${noun} prune`,
      usage: `docker ${noun} prune [OPTIONS]`,
      summary,
      flags,
      args: { min: 0, max: 0 },
    },
    run: (ctx, daemonId, values) => {
      if (!confirmed(ctx, values, warning(values))) {
        if (printsTotalWhenDeclined) ctx.write('stdout', total(0));
        return 0;
      }
      ctx.write('stdout', run(ctx, daemonId, values));
      return 0;
    },
  };
}

const containerPrune = pruneCommand(
  'container',
  'Remove all stopped containers',
  () => 'WARNING! This will remove all stopped containers.',
  [filterFlag('until=<timestamp>'), FORCE],
  (ctx, daemonId, flags) => {
    const report = pruneContainers(ctx, daemonId, filtersOf(ctx, flags, ['label', 'until']));
    return section('Deleted Containers', report) + total(report.reclaimedBytes);
  },
);

const ALL_IMAGES: FlagSpec = {
  long: 'all',
  short: 'a',
  description: 'Remove all unused images, not just dangling ones',
};

const imagePrune = pruneCommand(
  'image',
  'Remove unused images',
  (flags) =>
    flags.get('all')
      ? 'WARNING! This will remove all images without at least one container associated to them.'
      : 'WARNING! This will remove all dangling images.',
  [ALL_IMAGES, filterFlag('until=<timestamp>'), FORCE],
  (ctx, daemonId, flags) => {
    const filters = filtersOf(ctx, flags, ['label', 'until', 'dangling']);
    const report = pruneImages(ctx, daemonId, Boolean(flags.get('all')), filters);
    return section('Deleted Images', report) + total(report.reclaimedBytes);
  },
);

const volumePrune = pruneCommand(
  'volume',
  'Remove all unused local volumes',
  () => 'WARNING! This will remove all local volumes not used by at least one container.',
  [filterFlag('label=<label>'), FORCE],
  (ctx, daemonId, flags) => {
    const report = pruneVolumes(ctx, daemonId, filtersOf(ctx, flags, ['label']));
    return section('Deleted Volumes', report) + total(report.reclaimedBytes);
  },
);

const networkPrune = pruneCommand(
  'network',
  'Remove all unused networks',
  () => 'WARNING! This will remove all custom networks not used by at least one container.',
  [filterFlag('until=<timestamp>'), FORCE],
  (ctx, daemonId, flags) =>
    section(
      'Deleted Networks',
      pruneNetworks(ctx, daemonId, filtersOf(ctx, flags, ['label', 'until'])),
    ),
  false,
);

function systemWarning(flags: Map<string, unknown>): string {
  const lines = ['WARNING! This will remove:', '  - all stopped containers'];
  lines.push('  - all networks not used by at least one container');
  if (flags.get('volumes')) lines.push('  - all volumes not used by at least one container');
  lines.push(
    flags.get('all')
      ? '  - all images without at least one container associated to them'
      : '  - all dangling images',
  );
  lines.push(flags.get('all') ? '  - all build cache' : '  - all dangling build cache');
  const filters = (flags.get('filter') as string[] | undefined) ?? [];
  if (filters.length > 0) {
    lines.push('', '  Items to be pruned will be filtered with:');
    for (const filter of filters) lines.push(`  - ${filter}`);
  }
  lines.push('');
  return lines.join('\n');
}

const systemPrune: DockerCommand = {
  spec: {
    path: 'docker system prune',
    usage: 'docker system prune [OPTIONS]',
    summary: 'Remove unused data',
    flags: [
      { ...ALL_IMAGES, description: 'Remove all unused images not just dangling ones' },
      filterFlag('label=<key>=<value>'),
      FORCE,
      { long: 'volumes', description: 'Prune volumes' },
    ],
    args: { min: 0, max: 0 },
  },
  run: (ctx, daemonId, flags) => {
    const filters = (flags.get('filter') as string[] | undefined) ?? [];
    if (flags.get('volumes') && filters.some((filter) => filter.startsWith('until=')))
      throw new UserError('ERROR: The "until" filter is not supported with "--volumes"');
    if (!confirmed(ctx, flags, systemWarning(flags))) return 0;
    // The same order as the CLI: containers first, so their images and networks become unused.
    const containers = pruneContainers(ctx, daemonId, filtersOf(ctx, flags, ['label', 'until']));
    const networks = pruneNetworks(ctx, daemonId, filtersOf(ctx, flags, ['label', 'until']));
    const volumes = flags.get('volumes')
      ? pruneVolumes(ctx, daemonId, filtersOf(ctx, flags, ['label']))
      : null;
    const images = pruneImages(
      ctx,
      daemonId,
      Boolean(flags.get('all')),
      filtersOf(ctx, flags, ['label', 'until', 'dangling']),
    );
    const reclaimed =
      containers.reclaimedBytes + (volumes?.reclaimedBytes ?? 0) + images.reclaimedBytes;
    ctx.write(
      'stdout',
      section('Deleted Containers', containers) +
        section('Deleted Networks', networks) +
        (volumes ? section('Deleted Volumes', volumes) : '') +
        section('Deleted Images', images) +
        total(reclaimed),
    );
    return 0;
  },
};

export const PRUNE_COMMANDS: Record<string, DockerCommand> = {
  'container prune': containerPrune,
  'image prune': imagePrune,
  'volume prune': volumePrune,
  'network prune': networkPrune,
  'system prune': systemPrune,
};
