/**
 * The cluster tests' redis-server (scripts/redisServer.ts: a free loopback port, stopped by its
 * PID). Without redis-server on PATH the cluster tests are skipped with one line naming the
 * package, except under REQUIRE_REDIS=1 (CI), where that is a failure.
 */
import { hasRedisServer } from '../../scripts/redisServer.ts';

export { RedisServer } from '../../scripts/redisServer.ts';

const HAS_REDIS = hasRedisServer();
if (!HAS_REDIS && process.env.REQUIRE_REDIS === '1') throw new Error('REQUIRE_REDIS=1 but redis-server is not on PATH (install the Debian package redis-server)');
if (!HAS_REDIS) console.log('skipped: the cluster tests need redis-server on PATH (install the Debian package redis-server)');

/** No redis-server here: the cluster suites are skipped (`describe.skipIf(NO_REDIS)`), and under REQUIRE_REDIS=1 this module fails to load. */
export const NO_REDIS = !HAS_REDIS;
