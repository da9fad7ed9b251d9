-- Hands one chunk of a run to one producer, atomically.
-- KEYS: 1 run hash, 2 next-chunk counter, 3 leases (zset: chunk -> lease expiry ms), 4 done bitmap (all the run's slot)
-- ARGV: 1 now (ms), 2 lease length (ms)
-- Returns the chunk number, or 0 when the run has nothing to hand out right now (or is paused or aborted).
if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then
  return 0
end
local chunks = tonumber(redis.call('HGET', KEYS[1], 'chunks') or '0')
local now = tonumber(ARGV[1])
local expiry = now + tonumber(ARGV[2])
local handedOut = tonumber(redis.call('GET', KEYS[2]) or '0')
if handedOut < chunks then
  local chunk = redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[3], expiry, chunk)
  return chunk
end
-- Everything was handed out once: take over a chunk whose producer died or gave it back, but not
-- one finished meanwhile (a failure reported for a chunk whose publish went through after all).
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 16)
for _, chunk in ipairs(expired) do
  if redis.call('GETBIT', KEYS[4], chunk) == 1 then
    redis.call('ZREM', KEYS[3], chunk)
  else
    redis.call('ZADD', KEYS[3], expiry, chunk)
    return tonumber(chunk)
  end
end
return 0
