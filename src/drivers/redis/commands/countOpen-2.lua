--[[
  The open requests per state, counted first from the open index if they never were.

  Input:
    KEYS[1] open requests, {p}:open (zset)
    KEYS[2] open requests per state, {p}:counts (hash)

    ARGV[1] '' (no request is written: the state argument of openCounts)
    ARGV[2] the request keys' prefix, {p}:req:

  Output:
    the counts as a flat list: state, count, state, count... (with '@counted', 1 among them)
]]

--- @include "includes/openCounts"

ensure_counts(KEYS[1])
return redis.call('HGETALL', COUNTS)
