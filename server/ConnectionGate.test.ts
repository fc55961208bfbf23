import { describe, expect, it } from 'vitest';
import { ConnectionGate } from './ConnectionGate.ts';
import { ProxyTrust } from './http/clientAddress.ts';
import { PublicEndpoint } from './http/publicEndpoint.ts';

const gate = (max: number, limitLoopback = false): ConnectionGate =>
  new ConnectionGate(
    { maxConnectionsPerAddress: max, limitLoopback },
    new PublicEndpoint({ publicUrl: null, allowedOrigins: [], host: '0.0.0.0', port: () => 8080, secure: false, wsPath: '/ws' }),
    new ProxyTrust([]),
  );
const from = (remoteAddress: string) => ({ remoteAddress, origin: '', forwardedFor: '' });

describe('ConnectionGate', () => {
  it('counts an IPv6 /64 as one address', () => {
    const g = gate(2);
    g.opened('2001:db8:1:2::1');
    g.opened('2001:db8:1:2::ffff');
    expect(g.check(from('2001:0db8:0001:0002:0000:0000:0000:0099'))).toMatchObject({ ok: false, status: 429 });
    expect(g.check(from('2001:db8:1:3::1'))).toEqual({ ok: true, remoteAddress: '2001:db8:1:3::1' });
    g.closed('2001:db8:1:2::1');
    expect(g.check(from('2001:db8:1:2::99')).ok).toBe(true);
    expect(g.refused.get('connections_per_address')).toBe(1);
  });

  it('exempts loopback unless told otherwise; 0 means no cap', () => {
    const g = gate(1);
    g.opened('::1');
    g.opened('127.0.0.1');
    expect(g.check(from('0000:0000:0000:0000:0000:0000:0000:0001')).ok).toBe(true);
    expect(g.check(from('127.0.0.1')).ok).toBe(true);
    const strict = gate(1, true);
    strict.opened('127.0.0.1');
    expect(strict.check(from('127.0.0.1')).ok).toBe(false);
    const none = gate(0, true);
    none.opened('10.0.0.1');
    expect(none.check(from('10.0.0.1')).ok).toBe(true);
  });

  it('refuses a foreign Origin with 403 before anything else', () => {
    const g = gate(5);
    expect(g.check({ remoteAddress: '10.0.0.1', origin: 'https://evil.example', forwardedFor: '' })).toMatchObject({ ok: false, status: 403 });
    expect(g.refused.get('origin')).toBe(1);
  });
});
