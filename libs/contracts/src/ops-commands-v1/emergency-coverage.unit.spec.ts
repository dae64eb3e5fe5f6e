import { type EmergencySwitch, emergencyCoverageOf, emergencyCovers } from './emergency-coverage';

const A = 'source-a';
const B = 'source-b';
const C = 'source-c';

const on = (sourceIds: string[] | null = null): EmergencySwitch => ({ active: true, sourceIds });
const off = (sourceIds: string[] | null = null): EmergencySwitch => ({ active: false, sourceIds });

/** Which of A, B and C an emergency covers after the switches, in order. */
const covered = (...switches: EmergencySwitch[]): string[] =>
  [A, B, C].filter((id) => emergencyCovers(emergencyCoverageOf(switches), id));

describe('emergencyCoverageOf', () => {
  // Every ordered pair of the four kinds of switch, as an operator could make them.
  it.each([
    ['on all, then on A', [on(), on([A])], [A, B, C]],
    ['on all, then off A: the global emergency still covers A', [on(), off([A])], [A, B, C]],
    ['on all, then off all', [on(), off()], []],
    ['on all, then on all', [on(), on()], [A, B, C]],
    ['on A, then on all', [on([A]), on()], [A, B, C]],
    ['on A, then on B: both', [on([A]), on([B])], [A, B]],
    ['on A, then off B: A stays', [on([A]), off([B])], [A]],
    ['on A, then off A', [on([A]), off([A])], []],
    ['on A, then off all: the master switch ends it', [on([A]), off()], []],
    ['off A, then on all', [off([A]), on()], [A, B, C]],
    ['off all, then on A', [off(), on([A])], [A]],
    ['off A, then on A', [off([A]), on([A])], [A]],
    ['on all, on A, off all, on B: only B', [on(), on([A]), off(), on([B])], [B]],
  ])('should cover what the switches leave on: %s', (_name, switches, expected) => {
    expect(covered(...switches)).toEqual(expected);
  });

  it('should cover a thread of unknown source only in a global emergency', () => {
    expect(emergencyCovers(emergencyCoverageOf([on([A])]), null)).toBe(false);
    expect(emergencyCovers(emergencyCoverageOf([on()]), null)).toBe(true);
  });
});
