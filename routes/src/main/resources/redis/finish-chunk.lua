-- Records the end of a chunk: published, or failed. Counts each chunk once, even when a lease
-- expired and two producers both sent it (the second send is a duplicate, counted downstream).
-- A generated run (its hash has 'window') drops the finished chunk at once: the seed can make it again.
-- Every key is the run's (one Redis Cluster slot); the caller takes the run off the global active
-- set when this returns 2, and the run monitor does it too should that call be lost.
-- KEYS: 1 run hash, 2 leases, 3 done bitmap, 4 stats hash, 5 attempts hash, 6 the chunk's list
-- ARGV: 1 chunk, 2 chunk size, 3 outcome ('produced' | 'failed'), 4 max attempts, 5 now (ms)
-- Returns 0 when the chunk was given back for another attempt, 1 when it is finished, 2 when it
-- is finished and so is every chunk of the run.
local chunk, size, outcome = ARGV[1], tonumber(ARGV[2]), ARGV[3]
if outcome == 'failed' then
  redis.call('HINCRBY', KEYS[4], 'producerErrors', size)
  local attempts = redis.call('HINCRBY', KEYS[5], chunk, 1)
  if attempts < tonumber(ARGV[4]) then
    redis.call('ZADD', KEYS[2], 0, chunk) -- lease expired at once: claimable again
    return 0
  end
end
redis.call('ZREM', KEYS[2], chunk)
if redis.call('SETBIT', KEYS[3], chunk, 1) == 0 then
  redis.call('HINCRBY', KEYS[4], outcome == 'failed' and 'producerFailed' or 'produced', size)
  redis.call('HINCRBY', KEYS[1], 'chunksDone', 1)
end
if redis.call('HEXISTS', KEYS[1], 'window') == 1 then
  redis.call('DEL', KEYS[6])
end
if tonumber(redis.call('HGET', KEYS[1], 'chunksDone') or '0') >= tonumber(redis.call('HGET', KEYS[1], 'chunks') or '0') then
  redis.call('HSETNX', KEYS[1], 'producedAt', ARGV[5])
  return 2
end
return 1
