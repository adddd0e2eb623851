import { FerryError } from '../errors/FerryError.ts';

/** A storage URL given to `ferry worker --storage` (or {@link openStorageUrl}) cannot be used; says why. */
export class InvalidStorageUrlError extends FerryError {
  static readonly code = 'FERRY_INVALID_STORAGE_URL';
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(InvalidStorageUrlError.code, `Storage URL ${url}: ${detail}`);
  }
}

/** The Redis URL is not a `redis://` or `rediss://` URL, or Redis cannot be reached in time. */
export class RedisConnectionError extends FerryError {
  static readonly code = 'FERRY_REDIS_CONNECTION';
  constructor(
    readonly url: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(RedisConnectionError.code, `Redis ${url}: ${detail}`, options);
  }
}

/** `bullmq` or `ioredis`, which distributed work needs, is not installed next to ferryml. */
export class QueueDependencyMissingError extends FerryError {
  static readonly code = 'FERRY_QUEUE_DEPENDENCY_MISSING';
  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(
      QueueDependencyMissingError.code,
      `Distributed work needs the npm package "${dependency}": npm install bullmq ioredis`,
      options,
    );
  }
}

/**
 * A job pulled from the queue does not have the shape a Ferry coordinator writes (another producer on the same
 * queue, or a damaged entry): it fails without retries and names the field.
 */
export class InvalidJobError extends FerryError {
  static readonly code = 'FERRY_INVALID_JOB';
  constructor(
    readonly jobId: string,
    detail: string,
  ) {
    super(InvalidJobError.code, `Job ${jobId}: ${detail}`);
  }
}

/**
 * A job failed on every attempt BullMQ gave it (its worker threw each time: storage unreachable, a dump that does not
 * load, damaged input). Names the job and gives the last reason; `jobId` re-enqueues after a fix.
 */
export class DistributedJobFailedError extends FerryError {
  static readonly code = 'FERRY_DISTRIBUTED_JOB_FAILED';
  constructor(
    readonly jobId: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(DistributedJobFailedError.code, `Job ${jobId} failed after ${attempts} attempt(s): ${reason}`);
  }
}

/** A distributed search or batch was given an option it cannot use (names the option). */
export class InvalidDistributedOptionError extends FerryError {
  static readonly code = 'FERRY_INVALID_DISTRIBUTED_OPTION';
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(InvalidDistributedOptionError.code, `Distributed option "${option}" ${detail}`);
  }
}
