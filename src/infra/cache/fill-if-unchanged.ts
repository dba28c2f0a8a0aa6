/**
 * Reads an entry's invalidation counter together with Redis's clock, in one step, before a
 * miss loads the value. KEYS[1] = the counter. Returns {counter or '0', seconds, microseconds}.
 */
export const READ_COUNTER = `
local time = redis.call('TIME')
return {redis.call('GET', KEYS[1]) or '0', time[1], time[2]}
`;

/**
 * Stores a loaded value only if no invalidation happened while it was being loaded.
 * KEYS[1] = entry key, KEYS[2] = its invalidation counter.
 * ARGV = counter value seen before loading, value, TTL seconds, hash field ('' for a plain key),
 * Redis time (microseconds) when the counter was read, the oldest such read still allowed to
 * fill (microseconds), the most fields the hash may hold (0: no cap).
 *
 * The age check is what lets counters expire: a counter read longer ago than the counters'
 * lifetime may have been incremented and then expired back to '0' meanwhile, so such a fill is
 * dropped. Both times are Redis's, so no clock skew between instances can creep in.
 * A hash that is full takes no new field (a field already there may be refreshed).
 */
export const FILL_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then return 0 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
if now - tonumber(ARGV[5]) > tonumber(ARGV[6]) then return 0 end
if ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else
  local maxFields = tonumber(ARGV[7])
  if maxFields > 0 and redis.call('HEXISTS', KEYS[1], ARGV[4]) == 0
      and redis.call('HLEN', KEYS[1]) >= maxFields then
    return 0
  end
  redis.call('HSET', KEYS[1], ARGV[4], ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return 1
`;
