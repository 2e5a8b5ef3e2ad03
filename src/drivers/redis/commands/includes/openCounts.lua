--[[
  The open requests per state, moved in the same script as each write so that they can never
  disagree with the requests, across replicas and restarts. Data written before the counts
  existed (no counts hash yet) is counted once, from the open index, by the first script that
  needs them.

  A script that includes this passes the counts' key and arguments last, so that keys and
  arguments for other indexes go before them without renumbering:
    KEYS[#KEYS]      the counts, {p}:counts (hash: state -> open requests in it)
    ARGV[#ARGV - 1]  the request's new state ('' where no request is written)
    ARGV[#ARGV]      the request keys' prefix, {p}:req:
]]
local COUNTS, STATE, REQ_PREFIX = KEYS[#KEYS], ARGV[#ARGV - 1], ARGV[#ARGV]
-- Marks the counts as counted: the hash exists even when no request is open.
local COUNTED_FIELD = '@counted'

-- A request's state: its 's' field, or, for one stored before that field, its document's.
local function state_of(req)
  local s = redis.call('HGET', req, 's')
  if s then return s end
  local doc = redis.call('HGET', req, 'doc')
  if not doc then return false end
  return cjson.decode(doc).state
end

local function ensure_counts(open)
  if redis.call('EXISTS', COUNTS) == 1 then return end
  redis.call('HSET', COUNTS, COUNTED_FIELD, 1)
  for _, id in ipairs(redis.call('ZRANGE', open, 0, -1)) do
    local s = state_of(REQ_PREFIX .. id)
    if s then redis.call('HINCRBY', COUNTS, s, 1) end
  end
end
