-- Moves a run from one of the expected states to another, atomically, and sets the given fields
-- with it: a pause, an abort and the monitor's own transitions never overwrite each other, and a
-- reader that sees a run DONE also sees its summary.
-- KEYS: 1 run hash. ARGV: 1 new state, 2 number of fields n, then n field/value pairs, then the
-- states it may move from. Returns 1 when the run moved, 0 when it was in none of them.
local state = redis.call('HGET', KEYS[1], 'state')
local fields = tonumber(ARGV[2])
for i = 3 + 2 * fields, #ARGV do
  if state == ARGV[i] then
    redis.call('HSET', KEYS[1], 'state', ARGV[1])
    for f = 0, fields - 1 do
      redis.call('HSET', KEYS[1], ARGV[3 + 2 * f], ARGV[4 + 2 * f])
    end
    return 1
  end
end
return 0
