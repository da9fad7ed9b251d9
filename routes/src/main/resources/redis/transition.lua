-- Moves a run from one of the expected states to another, atomically: a pause, an abort and the
-- monitor's own transitions never overwrite each other.
-- KEYS: 1 run hash. ARGV: 1 new state, 2.. the states it may move from.
-- Returns 1 when the run moved, 0 when it was in none of them.
local state = redis.call('HGET', KEYS[1], 'state')
for i = 2, #ARGV do
  if state == ARGV[i] then
    redis.call('HSET', KEYS[1], 'state', ARGV[1])
    return 1
  end
end
return 0
