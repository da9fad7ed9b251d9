-- Records one batch of delivery outcomes of one run, atomically: counters, and one bit per order
-- in the "seen" and "delivered" bitmaps. A bit already set means the order was there before: a
-- duplicate, counted in 'duplicates' / 'duplicateDeliveries'.
-- A write is applied once: its id goes into the applied writes, and a write sent again (the client
-- timed out, but Redis ran the first one) returns -1 and changes nothing. Ids are kept for ARGV[6]
-- ms, far longer than a write is retried, so that a long run does not keep one id per batch forever.
-- KEYS: 1 stats hash, 2 seen bitmap, 3 delivered bitmap, 4 applied write ids (zset: id -> time)
-- ARGV: 1 counters as "field=n,field=n", 2 seen sequence numbers "s,s,...", 3 delivered ones, 4 now (ms),
--       5 write id, 6 how long ids are kept (ms)
if redis.call('ZADD', KEYS[4], 'NX', ARGV[4], ARGV[5]) == 0 then return -1 end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[4]) - tonumber(ARGV[6]))
local function each(list, action)
  for item in string.gmatch(list, '[^,]+') do action(item) end
end
local duplicates, duplicateDeliveries = 0, 0
each(ARGV[2], function(seq) duplicates = duplicates + redis.call('SETBIT', KEYS[2], seq, 1) end)
each(ARGV[3], function(seq) duplicateDeliveries = duplicateDeliveries + redis.call('SETBIT', KEYS[3], seq, 1) end)
each(ARGV[1], function(pair)
  local field, n = string.match(pair, '^(.+)=(-?%d+)$')
  redis.call('HINCRBY', KEYS[1], field, n)
end)
redis.call('HSET', KEYS[1], 'lastOutcomeAt', ARGV[4])
if duplicates > 0 then redis.call('HINCRBY', KEYS[1], 'duplicates', duplicates) end
if duplicateDeliveries > 0 then redis.call('HINCRBY', KEYS[1], 'duplicateDeliveries', duplicateDeliveries) end
return duplicates
