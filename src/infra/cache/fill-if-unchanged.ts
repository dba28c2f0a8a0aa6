/**
 * Stores a loaded value only if no invalidation happened while it was being loaded.
 * KEYS[1] = entry key, KEYS[2] = its invalidation counter.
 * ARGV = counter value seen before loading, value, TTL seconds, hash field ('' for a plain key).
 */
export const FILL_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then return 0 end
if ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else
  redis.call('HSET', KEYS[1], ARGV[4], ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return 1
`;
