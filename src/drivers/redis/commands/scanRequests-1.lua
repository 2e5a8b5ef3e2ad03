--[[
  One SCAN step over the request keys, run where they live: a script goes to the node of its
  first key, while a bare SCAN on a Cluster goes to any node and would see none of them.

  Input:
    KEYS[1] the request keys' prefix, {p}:req: (not read: it routes the script to their slot)

    ARGV[1] cursor ('0' to start)
    ARGV[2] pattern, {p}:req:*
    ARGV[3] how many keys to look at in this step (a hint, as SCAN's COUNT)

  Output:
    { next cursor ('0' once every key was seen), { key, ... } }
]]
return redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
