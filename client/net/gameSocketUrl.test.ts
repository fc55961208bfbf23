import { describe, expect, it } from 'vitest';
import { gameSocketUrl } from './createBrowserClient.ts';

describe('gameSocketUrl', () => {
  it('connects to /ws on the page origin, with TLS when the page has it', () => {
    expect(gameSocketUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws');
    expect(gameSocketUrl({ protocol: 'https:', host: 'arena.example' })).toBe('wss://arena.example/ws');
  });
});
