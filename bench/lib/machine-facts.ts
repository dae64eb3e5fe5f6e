import { cpus } from 'node:os';

/** What a bench's JSON artifact says of the machine it ran on. */
export function machineFacts(): { cores: number; cpu: string | undefined; node: string; platform: string } {
  return { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform };
}
