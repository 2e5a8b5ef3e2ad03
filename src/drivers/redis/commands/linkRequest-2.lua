--[[
  Points an index key (a conversation, a support card's thread) at a request. The request
  remembers its links, so that ending it can put the audit retention on them too; a link to a
  request that has ended already inherits its remaining lifetime.

  Input:
    KEYS[1] the link, {p}:link:<key> (string)
    KEYS[2] the request, {p}:req:<id> (hash)

    ARGV[1] id
    ARGV[2] key (as given, without the prefix)

  Output:
    1 - linked (also when the request does not exist: the link then lives on its own)
]]
redis.call('SET', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[2], 'link:' .. ARGV[2], 1)
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
end
return 1
