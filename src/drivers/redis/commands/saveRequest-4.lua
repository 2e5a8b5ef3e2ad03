--[[
  Writes a changed request if nobody changed it since it was read: a compare-and-set on its
  version, which is safe on a connection shared by concurrent callers (WATCH/MULTI is not).
  Moves it between the indexes and the counts by state; a request that ends gets the audit
  retention as its lifetime, and so do the links that point at it.

  Input:
    KEYS[1] the request, {p}:req:<id> (hash: v, doc, s, link:<key> per link pointing here)
    KEYS[2] open requests, {p}:open (zset scored by createdAt)
    KEYS[3] requests with notices pending, {p}:undelivered (zset scored by createdAt)
    KEYS[4] open requests per state, {p}:counts (hash)

    ARGV[1]  the version it was read at
    ARGV[2]  the request's new document (JSON, its secrets sealed)
    ARGV[3]  id
    ARGV[4]  createdAt (epoch ms)
    ARGV[5]  '1' when the request has ended, else '0'
    ARGV[6]  audit retention (ms)
    ARGV[7]  the link keys' prefix, {p}:link:
    ARGV[8]  '1' when it has notices pending, else '0'
    ARGV[9]  the new state
    ARGV[10] the request keys' prefix, {p}:req:

  Output:
    1  - saved
    0  - the version moved on meanwhile (read again and retry)
    -1 - the request is gone
]]

--- @include "includes/openCounts"

-- The request's fields naming the links that point at it (LINK_FIELD .. key).
local LINK_FIELD = 'link:'

local v = redis.call('HGET', KEYS[1], 'v')
if not v then return -1 end
if v ~= ARGV[1] then return 0 end
ensure_counts(KEYS[2])
if redis.call('ZSCORE', KEYS[2], ARGV[3]) then redis.call('HINCRBY', COUNTS, state_of(KEYS[1]), -1) end
if ARGV[5] ~= '1' then redis.call('HINCRBY', COUNTS, STATE, 1) end
redis.call('HSET', KEYS[1], 'v', tonumber(v) + 1, 'doc', ARGV[2], 's', STATE)
if ARGV[5] == '1' then
  local ttl = tonumber(ARGV[6])
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(field, 1, #LINK_FIELD) == LINK_FIELD then
      local link = ARGV[7] .. string.sub(field, #LINK_FIELD + 1)
      if redis.call('GET', link) == ARGV[3] then redis.call('PEXPIRE', link, ttl) end
    end
  end
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
end
if ARGV[8] == '1' then
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
else
  redis.call('ZREM', KEYS[3], ARGV[3])
end
return 1
