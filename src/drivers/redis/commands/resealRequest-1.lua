--[[
  Re-encryption: the same document sealed under the current key, written only if nobody changed
  the request since it was read. Bumps the version, so that a concurrent update retries on top
  of it, and leaves the lifetime and the indexes alone.

  Input:
    KEYS[1] the request, {p}:req:<id> (hash)

    ARGV[1] the version it was read at
    ARGV[2] the document sealed anew (JSON)

  Output:
    1  - saved
    0  - the version moved on meanwhile
    -1 - the request is gone
]]
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return -1 end
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(v) + 1, 'doc', ARGV[2])
return 1
