import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { RedisConnection } from '../../common/redis/redis-connection';

/**
 * Shared Redis (REDIS_URL), as /health reports it: up when a PING answers and every connection
 * (commands, the Socket.IO adapter's pair and the e-stop relay's pair) is ready. Down does not stop
 * this instance from serving, so /health/ready leaves it out: limits fall back to this instance's
 * memory and broadcasts to its own clients, and taking every instance out of the load balancer
 * because Redis is away would turn a degraded service into none.
 */
export async function checkRedis(
  health: HealthIndicatorService,
  redis: RedisConnection,
): Promise<HealthIndicatorResult<'redis'>> {
  const indicator = health.check('redis');
  const connections = redis.states();
  let pingMs: number;
  try {
    pingMs = await redis.ping();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return indicator.down({ connections, message });
  }
  const ready = Object.values(connections).every((status) => status === 'ready');
  return ready ? indicator.up({ connections, pingMs }) : indicator.down({ connections, pingMs });
}
