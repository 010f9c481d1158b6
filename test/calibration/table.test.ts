// The calibration table is what a learner reads as fact: every figure must carry a real,
// checkable source, and the number shown must be the number the source states.
import { describe, expect, it } from 'vitest';
import {
  CALIBRATION_IDS,
  CALIBRATION_TABLE,
  allCalibration,
  calibrated,
  calibratedValue,
  type CalibrationEntry,
  type CalibrationId,
} from '../../sim-core/calibration/index.ts';
import { figuresIn, inUnit, quoteSupports } from './quote-figures.ts';

const entries: readonly CalibrationEntry[] = allCalibration();

describe('calibration table: shape', () => {
  it('has one entry per id, and every id it lists has an entry', () => {
    const tableIds = entries.map((entry) => entry.id);
    expect(new Set(tableIds).size).toBe(tableIds.length);
    expect([...tableIds].sort()).toEqual([...CALIBRATION_IDS].sort());
    expect(CALIBRATION_TABLE.length).toBe(entries.length);
  });

  it.each(entries.map((entry) => [entry.id, entry] as const))(
    '%s: its unit is the one its id ends with',
    (id, entry) => {
      expect(entry.unit).toBe(id.slice(id.lastIndexOf('.') + 1));
    },
  );

  it.each(entries.map((entry) => [entry.id, entry] as const))(
    '%s: cites a dated https source with a quote, and explains its number',
    (_id, entry) => {
      expect(new URL(entry.source.url).protocol).toBe('https:');
      expect(entry.source.title.trim()).not.toBe('');
      expect(entry.source.quote.trim()).not.toBe('');
      expect(entry.source.year).toBeGreaterThanOrEqual(1990);
      expect(entry.source.year).toBeLessThanOrEqual(new Date().getUTCFullYear());
      expect(entry.label.trim()).not.toBe('');
      expect(entry.note.trim()).not.toBe('');
    },
  );

  it.each(entries.map((entry) => [entry.id, entry] as const))(
    '%s: is a non-negative number, whole for ns and bytes, inside its range',
    (_id, entry) => {
      expect(Number.isFinite(entry.value)).toBe(true);
      expect(entry.value).toBeGreaterThanOrEqual(0);
      if (entry.unit === 'ns' || entry.unit === 'bytes') {
        expect(Number.isSafeInteger(entry.value)).toBe(true);
      }
      if (entry.range !== undefined) {
        expect(entry.range.min).toBeLessThanOrEqual(entry.value);
        expect(entry.value).toBeLessThanOrEqual(entry.range.max);
      }
    },
  );
});

describe('calibration table: every number is the one its source states', () => {
  it.each(entries.map((entry) => [entry.id, entry] as const))(
    '%s: the value follows from the quote',
    (_id, entry) => {
      expect(quoteSupports(entry, entry.value)).toBe(true);
      if (entry.range !== undefined) {
        expect(quoteSupports(entry, entry.range.min)).toBe(true);
        expect(quoteSupports(entry, entry.range.max)).toBe(true);
      }
    },
  );

  it('rejects a value the quote does not state (a boot phase off by one millisecond)', () => {
    const firmware = calibrated('vm.boot.firmware.ns');
    expect(quoteSupports(firmware, firmware.value + 1_000_000)).toBe(false);
    const memory = calibrated('guest.memory.alpine-3.19.bytes');
    expect(quoteSupports(memory, memory.value * 2)).toBe(false);
  });

  it('reads figures with their units, ranges and words', () => {
    expect(figuresIn('546ms (firmware) + 1.203s (loader)')).toEqual([
      { amount: 546, unit: 'ms' },
      { amount: 1.203, unit: 's' },
    ]);
    expect(figuresIn('contributes only 8-10 ms')).toContainEqual({ amount: 10, unit: 'ms' });
    expect(figuresIn('KVM delivers only half as many IOPS')).toContainEqual({
      amount: 50,
      unit: '%',
    });
    expect(inUnit({ amount: 512, unit: 'MB' }, 'bytes')).toContain(536_870_912);
    expect(inUnit({ amount: 30, unit: 'µs' }, 'ns')).toEqual([30_000]);
    expect(figuresIn('maxRestartTimeout = 1 * time.Minute')).toContainEqual({
      amount: 1,
      unit: 'min',
    });
    expect(inUnit({ amount: 1, unit: 'min' }, 'ns')).toEqual([60_000_000_000]);
    expect(inUnit({ amount: 30, unit: 'ms' }, 'bytes')).toEqual([]);
    expect(inUnit({ amount: 14.5, unit: 'Gbps' }, 'bytesPerSecond')).toEqual([1_812_500_000]);
    expect(inUnit({ amount: 1, unit: 'GB/s' }, 'bytesPerSecond')).toEqual([1e9, 2 ** 30]);
    expect(figuresIn('up to `1 GiB/s` storage')).toContainEqual({ amount: 1, unit: 'GiB/s' });
  });
});

describe('calibration lookups', () => {
  it('returns the entry and its value by id', () => {
    expect(calibrated('microvm.boot.ns').source.quote).toContain('125 ms');
    expect(calibratedValue('microvm.memoryOverhead.bytes')).toBe(5 * 1024 * 1024);
  });

  it('throws on an unknown id, naming it', () => {
    const unknown = 'vm.boot.nonsense.ns' as CalibrationId;
    expect(() => calibrated(unknown)).toThrow(/vm\.boot\.nonsense\.ns/);
    expect(() => calibratedValue(unknown)).toThrow(/vm\.boot\.nonsense\.ns/);
  });
});

describe('what a learner sees from these figures', () => {
  it.each([
    [
      'vm.boot.total.linux.ns',
      [
        'vm.boot.firmware.ns',
        'vm.boot.bootloader.ns',
        'vm.boot.kernel.linux.ns',
        'vm.boot.init.linux.ns',
      ],
    ],
    [
      'vm.boot.total.qemu.ns',
      [
        'vm.boot.firmware.qemu.ns',
        'vm.boot.bootloader.qemu.ns',
        'vm.boot.kernel.qemu.ns',
        'vm.boot.initrd.qemu.ns',
        'vm.boot.init.qemu.ns',
      ],
    ],
  ] as const)(
    '%s is the sum of its phases (to the rounding systemd-analyze prints)',
    (total, phases) => {
      const sumNs = phases.reduce((sum, id) => sum + calibratedValue(id), 0);
      const roundingNs = phases.length * 1_000_000;
      expect(Math.abs(sumNs - calibratedValue(total))).toBeLessThanOrEqual(roundingNs);
    },
  );

  it('a cold container start is mostly the image pull', () => {
    expect(calibratedValue('container.start.imagePullShare.percent')).toBeGreaterThan(50);
  });

  it('a container start and a microVM boot are both faster than a full VM boot', () => {
    expect(calibratedValue('container.start.ns')).toBeLessThan(
      calibratedValue('vm.boot.total.linux.ns'),
    );
    expect(calibratedValue('microvm.boot.ns')).toBeLessThan(
      calibratedValue('vm.boot.total.linux.ns'),
    );
  });

  it('namespace creation is a small part of a container start', () => {
    expect(calibratedValue('namespace.create.ns')).toBeLessThan(
      calibratedValue('container.start.ns') / 10,
    );
  });

  it('Alpine needs less memory and disk than Ubuntu, and Windows Server the most disk', () => {
    expect(calibratedValue('guest.memory.alpine-3.19.bytes')).toBeLessThan(
      calibratedValue('guest.memory.ubuntu-22.04.bytes'),
    );
    expect(calibratedValue('guest.disk.alpine-3.19.bytes')).toBeLessThan(
      calibratedValue('guest.disk.ubuntu-22.04.bytes'),
    );
    expect(calibratedValue('guest.disk.windows-server-2022.bytes')).toBeGreaterThan(
      calibratedValue('guest.disk.debian-12.bytes'),
    );
  });

  it('a container costs less CPU and I/O than a KVM VM', () => {
    expect(calibratedValue('container.overhead.cpu.percent')).toBeLessThan(
      calibratedValue('vm.overhead.cpu.percent'),
    );
    expect(calibratedValue('container.overhead.io.percent')).toBeLessThan(
      calibratedValue('vm.overhead.io.percent'),
    );
  });
});
