import { describe, expect, it } from 'vitest';
import { isLoopback, limitKey, normalizeAddress, ProxyTrust } from './clientAddress.ts';

describe('normalizeAddress', () => {
  it('gives one text per address: uWS full-form IPv6, IPv4-mapped, case', () => {
    expect(normalizeAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('0000:0000:0000:0000:0000:0000:0000:0001')).toBe('::1');
    expect(normalizeAddress('0000:0000:0000:0000:0000:ffff:7f00:0002')).toBe('127.0.0.2');
    expect(normalizeAddress('::FFFF:203.0.113.5')).toBe('203.0.113.5');
    expect(normalizeAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeAddress(` ${'x'.repeat(500)} `)).toHaveLength(64);
  });

  it('counts an IPv6 client by its /64, an IPv4 one by its address', () => {
    expect(limitKey('203.0.113.5')).toBe('203.0.113.5');
    expect(limitKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitKey('::ffff:7f00:1')).toBe('0:0:0:0::/64');
    expect(limitKey('::1')).toBe('::1');
    expect(limitKey('fe80::')).toBe('fe80:0:0:0::/64');
  });

  it('knows loopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.9.9.9')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isLoopback('127.example')).toBe(false);
  });
});

describe('ProxyTrust', () => {
  const trust = new ProxyTrust(['10.0.0.1', '10.0.0.2']);

  it('believes X-Forwarded-For from trusted proxies only, up to the first hop it does not trust', () => {
    expect(trust.clientAddress('10.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(trust.clientAddress('10.0.0.1', 'spoofed, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
    expect(trust.clientAddress('10.0.0.1', '1.1.1.1, 198.51.100.7')).toBe('198.51.100.7');
    expect(trust.clientAddress('10.0.0.1', 'not-an-ip')).toBe('10.0.0.1');
    expect(trust.clientAddress('10.0.0.1', undefined)).toBe('10.0.0.1');
    expect(trust.clientAddress('192.0.2.9', '203.0.113.5')).toBe('192.0.2.9');
    expect(new ProxyTrust([]).clientAddress('10.0.0.1', '203.0.113.5')).toBe('10.0.0.1');
  });

  it('believes X-Forwarded-Proto from trusted proxies only', () => {
    expect(trust.forwardedProto('10.0.0.1', 'https')).toBe('https');
    expect(trust.forwardedProto('10.0.0.1', 'HTTPS, http')).toBe('https');
    expect(trust.forwardedProto('10.0.0.1', 'gopher')).toBeNull();
    expect(trust.forwardedProto('192.0.2.9', 'https')).toBeNull();
  });
});
