import { describe, expect, it } from '@jest/globals';
import { clientKey } from './client-key.js';

describe('clientKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    // An IPv4 peer on a dual-stack socket, in each way it can be written.
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:C000:0201', '192.0.2.1'],
    ['0:0:0:0:0:ffff:192.0.2.1', '192.0.2.1'],
  ])('keys IPv4 %p as %p', (address, key) => {
    expect(clientKey(address, 64)).toBe(key);
  });

  it('gives every spelling of one IPv6 address the same key', () => {
    const spellings = [
      '2001:db8::1',
      '2001:DB8::1',
      '2001:db8:0:0::1',
      '2001:0db8:0000:0000:0000:0000:0000:0001',
      '2001:db8::0.0.0.1',
      '2001:db8::1%eth0',
    ];
    const keys = new Set(spellings.map((address) => clientKey(address, 128)));
    expect([...keys]).toEqual(['2001:db8:0:0:0:0:0:1/128']);
  });

  it('keys IPv6 by its network: the configured number of leading bits', () => {
    expect(clientKey('2001:db8:1:2:3:4:5:6', 64)).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(clientKey('2001:db8:1:2:ffff::9', 64)).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(clientKey('2001:db8:1:3::1', 64)).toBe('2001:db8:1:3:0:0:0:0/64');
    expect(clientKey('2001:db8:1:2:3:4:5:6', 48)).toBe('2001:db8:1:0:0:0:0:0/48');
    // A prefix that ends inside a group keeps only that group's leading bits.
    expect(clientKey('2001:db8:1:2ff::1', 56)).toBe('2001:db8:1:200:0:0:0:0/56');
    expect(clientKey('::1', 64)).toBe('0:0:0:0:0:0:0:0/64');
  });

  it('keys text that is no address on itself, lowercased and bounded', () => {
    expect(clientKey('Unknown', 64)).toBe('unknown');
    expect(clientKey('x'.repeat(500), 64)).toHaveLength(100);
  });
});
