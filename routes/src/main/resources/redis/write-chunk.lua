-- Writes one generated chunk of a run ahead of the producers, unless it is no longer wanted: a
-- producer already claimed it (and made it from the seed itself), or another generator wrote it.
-- KEYS: 1 next-chunk counter, 2 highest chunk generated, 3 the chunk's list (all the run's slot)
-- ARGV: 1 chunk number, 2.. its orders
-- Returns 1 when written, 0 when skipped.
local chunk = tonumber(ARGV[1])
if chunk <= tonumber(redis.call('GET', KEYS[1]) or '0') or chunk <= tonumber(redis.call('GET', KEYS[2]) or '0') then
  return 0
end
-- In slices: unpack() of a whole large chunk could overflow Lua's stack.
for first = 2, #ARGV, 500 do
  redis.call('RPUSH', KEYS[3], unpack(ARGV, first, math.min(first + 499, #ARGV)))
end
redis.call('SET', KEYS[2], chunk)
return 1
