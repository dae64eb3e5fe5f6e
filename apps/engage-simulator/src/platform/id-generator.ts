import { randomBytes } from 'node:crypto';
import { type IdGenerator } from './platform.types';

/** 24-hex ids like RCED's (Mongo ObjectId shaped), random: for the running simulator. */
export function randomIds(): IdGenerator {
  return { next: () => randomBytes(12).toString('hex') };
}

/** Deterministic 24-hex ids (`prefix` then a counter), for tests that assert on ids. */
export function sequentialIds(prefix = 'f'): IdGenerator {
  let counter = 0;
  return {
    next: () => {
      counter += 1;
      const tail = counter.toString(16);
      return prefix + tail.padStart(24 - prefix.length, '0');
    },
  };
}
