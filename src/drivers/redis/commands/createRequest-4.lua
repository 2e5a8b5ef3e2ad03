--[[
  Stores a new request, unless one with its id exists, and enters it in the indexes: the open
  requests (or, already ended, the audit retention as its lifetime), the requests with notices
  pending, and the counts by state.

  Input:
    KEYS[1] the request, {p}:req:<id> (hash)
    KEYS[2] open requests, {p}:open (zset scored by createdAt)
    KEYS[3] requests with notices pending, {p}:undelivered (zset scored by createdAt)
    KEYS[4] open requests per state, {p}:counts (hash)

    ARGV[1] the request's document (JSON, its secrets sealed)
    ARGV[2] id
    ARGV[3] createdAt (epoch ms)
    ARGV[4] '1' when the request has ended, else '0'
    ARGV[5] audit retention (ms): how long an ended request is kept
    ARGV[6] '1' when it has notices pending, else '0'
    ARGV[7] state
    ARGV[8] the request keys' prefix, {p}:req:

  Output:
    1 - created
    0 - a request with this id exists (nothing written)
]]

--- @include "includes/openCounts"

if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
ensure_counts(KEYS[2])
redis.call('HSET', KEYS[1], 'v', 1, 'doc', ARGV[1], 's', STATE)
if ARGV[4] == '1' then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
  redis.call('HINCRBY', COUNTS, STATE, 1)
end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2]) end
return 1
