/**
 * The Lua scripts of the cluster directory. Redis runs each one alone, start to finish, so a
 * script that checks a room's free seats and then reserves one cannot race with another node
 * doing the same: that is the whole of the cluster's race-freedom (docs/architecture.md).
 *
 * Keys (P is the prefix, `arena:` by default):
 *   P nodes                  SET   node ids ever seen (pruned when their node key expires)
 *   P node:<id>              HASH  url, capacity, load, draining: expires unless heartbeated
 *   P node:<id>:rooms        SET   ids of the rooms the node owns (or is to create)
 *   P room:<id>              HASH  node, mode, capacity, live, locked, private, code, created
 *   P room:<id>:seats        ZSET  seat token → expiry (ms, Redis time): reserved, unclaimed
 *   P mode:<mode>            SET   public rooms of a mode
 *   P modes                  SET   modes with public rooms
 *   P code:<CODE>            STRING the private room with that join code
 *   P seat:<token>           STRING the reserving request's options (JSON), for the owner's admission
 *   P addr:<A>:seats         ZSET  seat token → expiry: seats address A reserved (its quota)
 *   P addr:<A>:rooms         SET   rooms address A created (its quota while nobody has joined them)
 *
 * A room's hash also holds `opts` (its creating request's options, JSON, for onCreate) and
 * `joined` (1 once a player joined it, from its node's heartbeat: it no longer counts against
 * its creator's quota).
 * The address keys are pruned lazily, as the in-memory AddressQuota: a seat counts while its
 * room still has it reserved (not claimed, expired or gone), a room while it exists unjoined.
 *
 * Every script reads the time from Redis (TIME), so the nodes' clocks need not agree. The scripts
 * use no KEYS: the directory lives on one Redis (or one primary), not a Redis Cluster.
 */

const COMMON = `
local P = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function pendingCount(rid)
  local k = P .. 'room:' .. rid .. ':seats'
  redis.call('ZREMRANGEBYSCORE', k, '-inf', now)
  return redis.call('ZCARD', k)
end
local function removeRoom(rid)
  local key = P .. 'room:' .. rid
  local r = redis.call('HMGET', key, 'node', 'mode', 'code')
  if r[2] then redis.call('SREM', P .. 'mode:' .. r[2], rid) end
  if r[3] and r[3] ~= '' and redis.call('GET', P .. 'code:' .. r[3]) == rid then redis.call('DEL', P .. 'code:' .. r[3]) end
  if r[1] then redis.call('SREM', P .. 'node:' .. r[1] .. ':rooms', rid) end
  redis.call('DEL', key, key .. ':seats')
end
-- A live node's draining flag ('0' or '1'), false when the node is gone.
local function nodeState(node)
  return redis.call('HGET', P .. 'node:' .. node, 'draining')
end
`;

/**
 * ARGV: prefix, action, mode, capacity, target (room id or code), seat secret, new room id,
 * new code, private (0/1), seat expiry ms, left room ('' or the id of a room the player lost:
 * joinOrCreate then avoids that room's node while the registry still lists it, e.g. up to its
 * TTL after a kill -9; a new room still goes there when no other node can take one), the
 * request's options (JSON, '' for none), the client address's key ('' : no quota applies),
 * its caps: unclaimed seats, never-joined rooms (-1: no cap).
 * → {'ok', roomId, seatToken, node, wsUrl, code, created(0/1)} or {'err', reason[, held]}
 * reasons: nosuch, full, badcode, nonode, codetaken, toomanyseats, toomanyrooms (with the
 * number the address holds).
 */
export const RESERVE = `${COMMON}
local action, mode, cap, target, secret = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
local newId, newCode, priv, expiryMs = ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10])
local avoid = false
if ARGV[11] and ARGV[11] ~= '' then avoid = redis.call('HGET', P .. 'room:' .. ARGV[11], 'node') end
local opts, addr, maxSeats, maxRooms = ARGV[12], ARGV[13], tonumber(ARGV[14]), tonumber(ARGV[15])
local addrSeats, addrRooms = P .. 'addr:' .. addr .. ':seats', P .. 'addr:' .. addr .. ':rooms'
-- The address's keys expire once it has reserved nothing for twice the seat expiry: by then its
-- seats have expired, and the rooms it made that nobody joined have gone with their last seat
-- (the owner drops a room it does not hold once no seat is reserved in it).
local addrTtl = 2 * expiryMs + 10000

-- Seats the address holds: unexpired and still reserved in their room. Pruned only at the cap.
local function heldSeats()
  redis.call('ZREMRANGEBYSCORE', addrSeats, '-inf', now)
  local n = redis.call('ZCARD', addrSeats)
  if n < maxSeats then return n end
  for _, token in ipairs(redis.call('ZRANGE', addrSeats, 0, -1)) do
    local dot = string.find(token, '.', 1, true)
    if not dot or not redis.call('ZSCORE', P .. 'room:' .. string.sub(token, 1, dot - 1) .. ':seats', token) then redis.call('ZREM', addrSeats, token) end
  end
  return redis.call('ZCARD', addrSeats)
end

-- Rooms the address created that exist and nobody has joined.
local function heldRooms()
  for _, rid in ipairs(redis.call('SMEMBERS', addrRooms)) do
    local r = redis.call('HMGET', P .. 'room:' .. rid, 'node', 'joined')
    if not r[1] or r[2] == '1' then redis.call('SREM', addrRooms, rid) end
  end
  return redis.call('SCARD', addrRooms)
end

if addr ~= '' and maxSeats >= 0 then
  local held = heldSeats()
  if held >= maxSeats then return {'err', 'toomanyseats', held} end
end

-- Free seats of a room open to new players: nil when it is gone, locked or its node is gone or draining.
local function freeSeats(rid)
  local r = redis.call('HMGET', P .. 'room:' .. rid, 'node', 'capacity', 'live', 'locked')
  if not r[1] then return nil end
  local state = nodeState(r[1])
  if not state or state ~= '0' or r[4] == '1' then return nil end
  local taken = tonumber(r[3]) + pendingCount(rid)
  return tonumber(r[2]) - taken, taken, r[1]
end

local function seat(rid, node, created)
  local token = rid .. '.' .. secret
  redis.call('ZADD', P .. 'room:' .. rid .. ':seats', now + expiryMs, token)
  if opts ~= '' then redis.call('SET', P .. 'seat:' .. token, opts, 'PX', expiryMs) end
  if addr ~= '' then
    redis.call('ZADD', addrSeats, now + expiryMs, token)
    redis.call('PEXPIRE', addrSeats, addrTtl)
    if created == 1 then
      redis.call('SADD', addrRooms, rid)
      redis.call('PEXPIRE', addrRooms, addrTtl)
    end
  end
  local url = redis.call('HGET', P .. 'node:' .. node, 'url')
  local code = redis.call('HGET', P .. 'room:' .. rid, 'code')
  return {'ok', rid, token, node, url, code or '', created}
end

local function pickNode(skip)
  local best, bestFree = nil, 0
  for _, n in ipairs(redis.call('SMEMBERS', P .. 'nodes')) do
    local h = redis.call('HMGET', P .. 'node:' .. n, 'capacity', 'draining')
    if h[1] and h[2] == '0' and n ~= skip then
      local free = tonumber(h[1]) - redis.call('SCARD', P .. 'node:' .. n .. ':rooms')
      if free > bestFree or (free == bestFree and best ~= nil and n < best) then best, bestFree = n, free end
    end
  end
  return best
end

local function create(isPrivate)
  if addr ~= '' and maxRooms >= 0 then
    local held = heldRooms()
    if held >= maxRooms then return {'err', 'toomanyrooms', held} end
  end
  local node = pickNode(avoid)
  if not node and avoid then node = pickNode(false) end
  if not node then return {'err', 'nonode'} end
  if redis.call('EXISTS', P .. 'room:' .. newId) == 1 then return {'err', 'codetaken'} end
  local code = ''
  if isPrivate == '1' then
    if redis.call('EXISTS', P .. 'code:' .. newCode) == 1 then return {'err', 'codetaken'} end
    code = newCode
    redis.call('SET', P .. 'code:' .. code, newId)
  else
    redis.call('SADD', P .. 'mode:' .. mode, newId)
    redis.call('SADD', P .. 'modes', mode)
  end
  redis.call('HSET', P .. 'room:' .. newId, 'node', node, 'mode', mode, 'capacity', cap, 'live', 0, 'locked', 0, 'private', isPrivate, 'code', code, 'created', now, 'opts', opts, 'joined', 0)
  redis.call('SADD', P .. 'node:' .. node .. ':rooms', newId)
  return seat(newId, node, 1)
end

local function joinRoom(rid, missing)
  local r = redis.call('HMGET', P .. 'room:' .. rid, 'mode')
  if r[1] ~= mode then return {'err', missing} end
  local free, _, node = freeSeats(rid)
  if free == nil then
    if redis.call('HGET', P .. 'room:' .. rid, 'locked') == '1' then return {'err', 'full'} end
    return {'err', missing}
  end
  if free <= 0 then return {'err', 'full'} end
  return seat(rid, node, 0)
end

if action == 'joinOrCreate' then
  -- The open room with the most seats taken: rooms fill up rather than spread thin.
  local best, bestTaken, bestNode = nil, -1, nil
  for _, rid in ipairs(redis.call('SMEMBERS', P .. 'mode:' .. mode)) do
    local free, taken, node = freeSeats(rid)
    if free and free > 0 and node ~= avoid and (taken > bestTaken or (taken == bestTaken and rid < best)) then best, bestTaken, bestNode = rid, taken, node end
  end
  if best then return seat(best, bestNode, 0) end
  return create('0')
elseif action == 'create' then
  return create(priv)
elseif action == 'joinById' then
  if redis.call('HGET', P .. 'room:' .. target, 'private') ~= '0' then return {'err', 'nosuch'} end
  return joinRoom(target, 'nosuch')
elseif action == 'joinByCode' then
  local rid = redis.call('GET', P .. 'code:' .. target)
  if not rid then return {'err', 'badcode'} end
  return joinRoom(rid, 'badcode')
end
return {'err', 'nosuch'}
`;

/**
 * The owning node claims a seat presented in a Join. ARGV: prefix, seat token, this node's id.
 * → {'ok', roomId, mode, private(0/1), code, seat options, room options} or {'err', 'seat' | 'node'}
 * (options: the reserving and the creating request's, JSON, '' when not stored). The node then
 * runs the room type's admission with the seat's options.
 */
export const CLAIM = `${COMMON}
local token, me = ARGV[2], ARGV[3]
local dot = string.find(token, '.', 1, true)
if not dot then return {'err', 'seat'} end
local rid = string.sub(token, 1, dot - 1)
local key = P .. 'room:' .. rid
local r = redis.call('HMGET', key, 'node', 'mode', 'private', 'code')
if not r[1] then return {'err', 'seat'} end
if r[1] ~= me then return {'err', 'node'} end
local expires = redis.call('ZSCORE', key .. ':seats', token)
if not expires then return {'err', 'seat'} end
redis.call('ZREM', key .. ':seats', token)
local opts = redis.call('GET', P .. 'seat:' .. token)
redis.call('DEL', P .. 'seat:' .. token)
if tonumber(expires) <= now then return {'err', 'seat'} end
-- The seat moves from the reserved set to the live count in one step: never counted twice, never dropped.
redis.call('HINCRBY', key, 'live', 1)
return {'ok', rid, r[2], r[3], r[4], opts or '', redis.call('HGET', key, 'opts') or ''}
`;

/**
 * A node's heartbeat. ARGV: prefix, node id, ttl ms, ws url, capacity, load, draining (0/1),
 * claiming room ids (comma list), then 8 per local room: id, mode, capacity, live, locked,
 * private (0/1), code, joined (0/1: a player has joined it).
 * Registers the node and its rooms (again after Redis lost them), forgets rooms the node no
 * longer holds (once no seat is reserved in them), and removes nodes whose key expired, with
 * their rooms. → number of dead nodes removed.
 */
export const HEARTBEAT = `${COMMON}
local me, ttl = ARGV[2], tonumber(ARGV[3])
local nodeKey = P .. 'node:' .. me
redis.call('HSET', nodeKey, 'url', ARGV[4], 'capacity', ARGV[5], 'load', ARGV[6], 'draining', ARGV[7], 'seen', now)
redis.call('PEXPIRE', nodeKey, ttl)
redis.call('SADD', P .. 'nodes', me)
local keep = {}
for rid in string.gmatch(ARGV[8], '[^,]+') do keep[rid] = true end
for i = 9, #ARGV, 8 do
  local rid, mode, private, code = ARGV[i], ARGV[i + 1], ARGV[i + 5], ARGV[i + 6]
  keep[rid] = true
  local key = P .. 'room:' .. rid
  local owner = redis.call('HGET', key, 'node')
  if not owner or owner == me then
    if not owner then redis.call('HSET', key, 'created', now) end
    redis.call('HSET', key, 'node', me, 'mode', mode, 'capacity', ARGV[i + 2], 'live', ARGV[i + 3], 'locked', ARGV[i + 4], 'private', private, 'code', code, 'joined', ARGV[i + 7])
    redis.call('SADD', nodeKey .. ':rooms', rid)
    if private == '1' then
      if code ~= '' and not redis.call('GET', P .. 'code:' .. code) then redis.call('SET', P .. 'code:' .. code, rid) end
    else
      redis.call('SADD', P .. 'mode:' .. mode, rid)
      redis.call('SADD', P .. 'modes', mode)
    end
  end
end
for _, rid in ipairs(redis.call('SMEMBERS', nodeKey .. ':rooms')) do
  if not keep[rid] and pendingCount(rid) == 0 then removeRoom(rid) end
end
local dead = 0
for _, n in ipairs(redis.call('SMEMBERS', P .. 'nodes')) do
  if redis.call('EXISTS', P .. 'node:' .. n) == 0 then
    for _, rid in ipairs(redis.call('SMEMBERS', P .. 'node:' .. n .. ':rooms')) do removeRoom(rid) end
    redis.call('DEL', P .. 'node:' .. n .. ':rooms')
    redis.call('SREM', P .. 'nodes', n)
    dead = dead + 1
  end
end
return dead
`;

/**
 * Public rooms on live nodes. ARGV: prefix, mode ('' for all).
 * → flat list, 7 per room: id, node, mode, seats taken, capacity, locked, age ms
 */
export const LIST = `${COMMON}
local modes = ARGV[2] ~= '' and {ARGV[2]} or redis.call('SMEMBERS', P .. 'modes')
local out = {}
for _, mode in ipairs(modes) do
  for _, rid in ipairs(redis.call('SMEMBERS', P .. 'mode:' .. mode)) do
    local r = redis.call('HMGET', P .. 'room:' .. rid, 'node', 'capacity', 'live', 'locked', 'created')
    if r[1] and nodeState(r[1]) then
      local n = #out
      out[n + 1] = rid
      out[n + 2] = r[1]
      out[n + 3] = mode
      out[n + 4] = tonumber(r[3]) + pendingCount(rid)
      out[n + 5] = tonumber(r[2])
      out[n + 6] = tonumber(r[4])
      out[n + 7] = now - tonumber(r[5] or now)
    end
  end
end
return out
`;

/** Live nodes. ARGV: prefix. → flat list, 6 per node: id, url, capacity, load, draining, rooms */
export const NODES = `${COMMON}
local out = {}
for _, n in ipairs(redis.call('SMEMBERS', P .. 'nodes')) do
  local h = redis.call('HMGET', P .. 'node:' .. n, 'url', 'capacity', 'load', 'draining')
  if h[1] then
    local k = #out
    out[k + 1] = n
    out[k + 2] = h[1]
    out[k + 3] = tonumber(h[2])
    out[k + 4] = tonumber(h[3])
    out[k + 5] = tonumber(h[4])
    out[k + 6] = redis.call('SCARD', P .. 'node:' .. n .. ':rooms')
  end
end
return out
`;

/** A node leaves (its process stops): its key and its rooms go now, not at its TTL. ARGV: prefix, node id. */
export const LEAVE = `${COMMON}
local me = ARGV[2]
for _, rid in ipairs(redis.call('SMEMBERS', P .. 'node:' .. me .. ':rooms')) do removeRoom(rid) end
redis.call('DEL', P .. 'node:' .. me, P .. 'node:' .. me .. ':rooms')
redis.call('SREM', P .. 'nodes', me)
return 1
`;
