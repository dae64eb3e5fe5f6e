import { uuidV5 } from './uuid-v5.util';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('should give the reference UUID of a name in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('should be stable for a name and differ between names', () => {
    expect(uuidV5('a', DNS_NAMESPACE)).toBe(uuidV5('a', DNS_NAMESPACE));
    expect(uuidV5('a', DNS_NAMESPACE)).not.toBe(uuidV5('b', DNS_NAMESPACE));
  });
});
