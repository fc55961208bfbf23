/** Pong's colours, in one table (numbers for Phaser, strings for the HUD). */
export const PALETTE = {
  background: '#0d1117',
  floor: 0x141b26,
  line: 0x2b3648,
  wall: 0x5a6b8c,
  heldWall: 0x3a4558,
  self: 0x39d98a,
  other: 0xf0883e,
  ball: 0xf5f7fa,
} as const;
