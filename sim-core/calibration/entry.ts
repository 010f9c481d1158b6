// One calibrated figure: a number the simulator shows to a learner, with the public source it
// comes from. The quote is the source's own sentence, so a reader can find it and check it.
import type { CalibrationId } from './ids.ts';

/** Base units: durations in integer nanoseconds, sizes in integer bytes. */
export type CalibrationUnit = 'ns' | 'bytes' | 'percent' | 'ratio' | 'bytesPerSecond' | 'count';

export interface CalibrationSource {
  title: string;
  /** Always https, so the UI can link it. */
  url: string;
  year: number;
  authors?: string;
  /** The exact sentence (or table line) that contains the figure, copied from the source. */
  quote: string;
  /** Where in the source: 'Table I', 'section 4.1', 'RAM tab'. Table cells go here too. */
  where?: string;
}

export interface CalibrationEntry {
  id: CalibrationId;
  /** Plain words for learners, shown next to the number. */
  label: string;
  value: number;
  unit: CalibrationUnit;
  /** When the source gives a spread, both ends; `value` lies inside it. */
  range?: { min: number; max: number };
  source: CalibrationSource;
  /** How `value` follows from the quote: unit conversion, midpoint, upper bound chosen, ... */
  note: string;
}
