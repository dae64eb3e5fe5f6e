export const CLOCK = Symbol('CLOCK');

export type Clock = () => Date;
