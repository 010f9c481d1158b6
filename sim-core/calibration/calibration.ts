// Looking figures up. The table is data; these are the only ways the simulator reads it.
import type { CalibrationEntry } from './entry.ts';
import { CALIBRATION_IDS, type CalibrationId } from './ids.ts';
import { CALIBRATION_TABLE } from './table.ts';

const BY_ID: ReadonlyMap<string, CalibrationEntry> = new Map(
  CALIBRATION_TABLE.map((entry) => [entry.id, entry]),
);

/** The entry for `id`. Throws, naming the id, if the table has no such figure. */
export function calibrated(id: CalibrationId): CalibrationEntry {
  const entry = BY_ID.get(id);
  if (entry === undefined) {
    throw new Error(
      `calibration: no figure with id "${String(id)}" (known ids: ${CALIBRATION_IDS.length}; see sim-core/calibration/ids.ts)`,
    );
  }
  return entry;
}

/** Just the number, in the entry's base unit (ns, bytes, percent, ...). */
export function calibratedValue(id: CalibrationId): number {
  return calibrated(id).value;
}

/** Every entry, in table order. */
export function allCalibration(): readonly CalibrationEntry[] {
  return CALIBRATION_TABLE;
}
