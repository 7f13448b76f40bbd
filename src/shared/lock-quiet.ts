/**
 * The quiet period after a Redis restart, checked inside the acquiring script itself.
 *
 * Redis persists with an append-only file flushed once a second, so a restart can lose lock keys
 * taken in the last second before it; their holders are still at work. Granting those keys again
 * at once would let two processes change one order or SKU side by side (the reliability trials saw
 * exactly that). Following the "delayed restarts" advice for Redis-based locks
 * (https://redis.io/docs/latest/develop/use/patterns/distributed-locks/#performance-crash-recovery-and-fsync),
 * no lock is granted until the server has been up for one lock lifetime: by then every holder
 * from before the restart has finished or found its lock gone.
 *
 * The Lua prefix below returns -1 while the server is younger than ARGV[quietArg] milliseconds.
 * INFO is allowed in scripts (Redis 6 and 7); uptime has a one-second grain, hence the +1.
 */
export const quietPrefix = (quietArg: number): string => `local up = tonumber(string.match(redis.call("INFO", "server"), "uptime_in_seconds:(%d+)")) or 0
if (up - 1) * 1000 < tonumber(ARGV[${quietArg}]) then return -1 end
`;

/** What an acquiring script answered: taken, held elsewhere, or the server is in its quiet period. */
export const QUIET = -1;
