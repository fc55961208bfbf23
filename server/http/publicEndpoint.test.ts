import { describe, expect, it } from 'vitest';
import { PublicEndpoint, type EndpointConfig } from './publicEndpoint.ts';

const endpoint = (c: Partial<EndpointConfig> = {}): PublicEndpoint =>
  new PublicEndpoint({ publicUrl: null, allowedOrigins: [], host: '0.0.0.0', port: () => 8080, secure: false, wsPath: '/ws', ...c });

describe('PublicEndpoint', () => {
  it('allows this server on localhost by default, and clients without Origin', () => {
    const e = endpoint();
    for (const o of ['', 'http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'https://LOCALHOST:8080']) expect(e.allowsOrigin(o), o).toBe(true);
    for (const o of ['http://localhost:8081', 'http://evil.example', 'null', 'not a url', 'http://localhost:8080.evil.example']) expect(e.allowsOrigin(o), o).toBe(false);
    expect(endpoint({ host: '192.168.1.5' }).allowsOrigin('http://192.168.1.5:8080')).toBe(true);
  });

  it('builds wsUrl from the public URL, or from an allowed Host only', () => {
    expect(endpoint({ publicUrl: 'https://game.example.com' }).wsUrl('evil.example', 'http')).toBe('wss://game.example.com/ws');
    expect(endpoint({ publicUrl: 'http://localhost:8080' }).wsUrl(undefined, null)).toBe('ws://localhost:8080/ws');
    const e = endpoint();
    expect(e.wsUrl('127.0.0.1:8080', null)).toBe('ws://127.0.0.1:8080/ws');
    expect(e.wsUrl('evil.example', null)).toBe('ws://localhost:8080/ws');
    expect(e.wsUrl('127.0.0.1:8080', 'https')).toBe('wss://127.0.0.1:8080/ws');
    expect(endpoint({ secure: true }).wsUrl(undefined, null)).toBe('wss://localhost:8080/ws');
    expect(endpoint({ allowedOrigins: ['https://play.example.org'] }).wsUrl('play.example.org', 'https')).toBe('wss://play.example.org/ws');
  });

  it('reads the bound port when it is known', () => {
    let port = 0;
    const e = endpoint({ port: () => port });
    port = 43210;
    expect(e.allowsOrigin('http://localhost:43210')).toBe(true);
  });
});
