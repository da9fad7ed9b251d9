-- Records the end of a chunk: published, or failed. Counts each chunk once, even when a lease
-- expired and two producers both sent it (the second send is a duplicate, counted downstream).
-- KEYS: 1 run hash, 2 leases, 3 done set, 4 stats hash, 5 attempts hash, 6 active runs set
-- ARGV: 1 chunk, 2 chunk size, 3 outcome ('produced' | 'failed'), 4 max attempts, 5 run id, 6 now (ms)
-- Returns 1 when the chunk is finished, 0 when it was given back for another attempt.
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
if redis.call('SADD', KEYS[3], chunk) == 1 then
  redis.call('HINCRBY', KEYS[4], outcome == 'failed' and 'producerFailed' or 'produced', size)
end
if redis.call('SCARD', KEYS[3]) >= tonumber(redis.call('HGET', KEYS[1], 'chunks') or '0') then
  redis.call('SREM', KEYS[6], ARGV[5])
  redis.call('HSETNX', KEYS[1], 'producedAt', ARGV[6])
end
return 1
