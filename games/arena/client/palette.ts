/** Colours of the arena, in one table. */
export const PALETTE = {
  background: 0x10141c,
  floor: 0x1a2130,
  grid: 0x232c3d,
  border: 0x5a6b8c,
  obstacle: 0x3b4a63,
  obstacleEdge: 0x6f83a6,
  self: 0x39d98a,
  other: 0xf0883e,
  dead: 0x7a8090,
  barrel: 0xe8ecf3,
  hpBack: 0x2a1a1a,
  hpGood: 0x4cd964,
  hpLow: 0xff5a4f,
  projectileOwn: 0xb8ffe0,
  projectileOther: 0xffd28a,
} as const;
