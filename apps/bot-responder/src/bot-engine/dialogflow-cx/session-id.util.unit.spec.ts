import { sessionIdOf } from './session-id.util';

describe('sessionIdOf', () => {
  it('should use a thread id that CX accepts as the session id itself', () => {
    expect(sessionIdOf('5f0c09ff2b3d4c5e6f708190')).toBe('5f0c09ff2b3d4c5e6f708190');
  });

  it('should hash a thread id longer than 36 characters into a stable id CX accepts', () => {
    const long = `thread-${'x'.repeat(40)}`;

    expect(sessionIdOf(long)).toMatch(/^[0-9a-f]{32}$/);
    expect(sessionIdOf(long)).toBe(sessionIdOf(long));
    expect(sessionIdOf(long)).not.toBe(sessionIdOf(`${long}y`));
  });

  it('should hash a thread id holding characters a URL path would have to escape', () => {
    expect(sessionIdOf('thread/1?x')).toMatch(/^[0-9a-f]{32}$/);
  });
});
