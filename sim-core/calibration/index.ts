// The calibration table: every number shown to a learner, with its public source.
export type { CalibrationEntry, CalibrationSource, CalibrationUnit } from './entry.ts';
export { CALIBRATION_IDS, type CalibrationId } from './ids.ts';
export { CALIBRATION_TABLE } from './table.ts';
export { calibrated, calibratedValue, allCalibration } from './calibration.ts';
