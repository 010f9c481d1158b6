// Random container names in Docker's style, "adjective_surname" (moby's namesgenerator picks
// from its own lists; these lists are ours, of scientists and engineers whose work the course
// stands on), drawn from the world's RNG so they are reproducible.
import { nextBelow, type RngState } from '../../world/rng.ts';

const ADJECTIVES = [
  'brave',
  'calm',
  'clever',
  'eager',
  'elegant',
  'focused',
  'gentle',
  'happy',
  'jolly',
  'keen',
  'kind',
  'lucid',
  'modest',
  'nifty',
  'patient',
  'quirky',
  'relaxed',
  'serene',
  'sharp',
  'steady',
  'sweet',
  'tender',
  'upbeat',
  'vibrant',
  'wizardly',
  'zealous',
  'bold',
  'cool',
  'dreamy',
  'fervent',
];

const SURNAMES = [
  'lovelace',
  'hopper',
  'turing',
  'ritchie',
  'thompson',
  'torvalds',
  'hamilton',
  'liskov',
  'knuth',
  'dijkstra',
  'lamport',
  'popek',
  'goldberg',
  'kamp',
  'menage',
  'cantrill',
  'corbato',
  'backus',
  'allen',
  'shannon',
  'noether',
  'curie',
  'franklin',
  'goodall',
  'johnson',
  'mcclintock',
  'wing',
  'perlman',
  'cerf',
  'kahn',
];

export function randomContainerName(rng: RngState, taken: (name: string) => boolean): string {
  for (;;) {
    const name = `${ADJECTIVES[nextBelow(rng, ADJECTIVES.length)]}_${SURNAMES[nextBelow(rng, SURNAMES.length)]}`;
    if (!taken(name)) return name;
  }
}
