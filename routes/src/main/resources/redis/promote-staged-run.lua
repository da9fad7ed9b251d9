-- Turns a staged run (orders loaded under temporary keys) into a live run in one atomic step:
-- producers see all of it or nothing of it, and a run id taken meanwhile is never overwritten.
-- The staged keys share the run's Redis Cluster slot (hash tag {runId}), so RENAME works on a
-- cluster; the global indexes (all runs, active runs) are the caller's, before and after this.
-- KEYS: 1 run hash, 2 run stats
-- ARGV: 1 staging prefix, 2 run key prefix, 3 chunks, 4 orders, 5.. run hash fields as name, value pairs
-- Returns 1 when promoted, 0 when the run id exists, -1 when a staged key is missing.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local staging, run, chunks = ARGV[1], ARGV[2], tonumber(ARGV[3])
-- Check before moving anything: a script stopped half-way by an error is not rolled back.
for n = 1, chunks do
  if redis.call('EXISTS', staging .. ':chunk:' .. n) == 0 then return -1 end
end
local function move(from, to)
  redis.call('RENAME', from, to)
  redis.call('PERSIST', to) -- staged keys expire in case their loader dies; live ones must not
end
for n = 1, chunks do move(staging .. ':chunk:' .. n, run .. ':chunk:' .. n) end
if redis.call('EXISTS', staging .. ':schedule') == 1 then move(staging .. ':schedule', run .. ':schedule') end
local fields = {}
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('HINCRBY', KEYS[2], 'generated', ARGV[4])
return 1
