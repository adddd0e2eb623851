/**
 * BullMQ and its Redis driver (ioredis), loaded on first use so that ferryml itself depends on neither: a user who
 * never distributes work installs nothing more. Each connection is checked before use: a Redis that cannot be reached
 * within `connectTimeoutMs` is a {@link RedisConnectionError}, never a silent hang.
 */
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';
import { QueueDependencyMissingError, RedisConnectionError } from './errors.ts';

/** The BullMQ module. */
export type BullMQModule = typeof BullMQ;
/** One Redis connection. */
export type RedisClient = IORedis.Redis;

// Variables, so that bundlers leave both packages to be resolved at run time (they stay optional).
const BULLMQ = 'bullmq';
const IOREDIS = 'ioredis';

let bullmq: Promise<BullMQModule> | undefined;
let ioredis: Promise<typeof IORedis> | undefined;

async function importOptional<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new QueueDependencyMissingError(name, { cause: error });
  }
}

/** BullMQ, imported once. */
export function loadBullMQ(): Promise<BullMQModule> {
  bullmq ??= importOptional<BullMQModule>(BULLMQ);
  return bullmq;
}

/** Hides the password of a Redis URL for messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(
    /\/\/([^@/]*)@/,
    (_m, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`,
  );
}

/** Options of {@link connectRedis}. */
export interface RedisConnectOptions {
  /** How long to wait for Redis to answer at start (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  /** Called with connection errors after the start (ioredis reconnects by itself meanwhile). */
  readonly onError?: (error: Error) => void;
}

/**
 * A connection to `url` (`redis://[user:password@]host[:port][/db]` or `rediss://` for TLS), ready: it answered a
 * PING. As BullMQ requires, commands wait for reconnection instead of failing after a few retries.
 */
export async function connectRedis(url: string, options: RedisConnectOptions = {}): Promise<RedisClient> {
  const shown = redactRedisUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisConnectionError(shown, 'not a URL (expected redis://host:port)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisConnectionError(shown, `unknown scheme ${parsed.protocol} (expected redis: or rediss:)`);
  }
  const module = ioredis ?? importOptional<typeof IORedis>(IOREDIS);
  ioredis = module;
  const { Redis } = await module;
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: timeoutMs });
  let lastError: Error | undefined;
  const onStartError = (error: Error) => {
    lastError = error;
  };
  client.on('error', onStartError);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new RedisConnectionError(
                shown,
                `no answer within ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    client.disconnect();
    if (error instanceof RedisConnectionError) throw error;
    const why = lastError?.message ?? (error instanceof Error ? error.message : String(error));
    throw new RedisConnectionError(shown, why, { cause: lastError ?? error });
  } finally {
    clearTimeout(timer);
    client.off('error', onStartError);
  }
  client.on('error', options.onError ?? (() => {}));
  return client;
}
