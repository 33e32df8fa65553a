import { describe, expect, it } from 'vitest';
import { networkOf } from './client-ip';

describe('networkOf', () => {
  it('keeps an IPv4 address, also when written IPv4-mapped', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('takes the /64 of an IPv6 address, however it is written', () => {
    const network = '2001:db8:85a3:8d3::/64';
    for (const ip of ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:0DB8:85A3:08D3::1', '2001:db8:85a3:8d3::', '2001:db8:85a3:8d3:0:0:0:ff%eth0']) {
      expect(networkOf(ip)).toBe(network);
    }
    expect(networkOf('2001:db8:85a3:8d4::1')).not.toBe(network);
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
    expect(networkOf('fe80::1')).toBe('fe80:0:0:0::/64');
  });

  it('returns anything else as it is', () => {
    for (const odd of ['unknown', '1::2::3', '1:2:3', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(networkOf(odd)).toBe(odd);
  });
});
