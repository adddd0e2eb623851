import { FerryError } from '../errors/FerryError.ts';

/** An AutoML option, splitter, sampler or metric is not valid; names it. */
export class InvalidAutoMLOptionError extends FerryError {
  static readonly code = 'FERRY_INVALID_AUTOML_OPTION';
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(InvalidAutoMLOptionError.code, `AutoML option "${option}" ${detail}`);
  }
}

/**
 * A trial repository holds a search that differs from the one being run (another pipeline, space, data, metric,
 * splitter, seed, sampler or number of trials): resuming it would mix two searches. Lists what differs.
 */
export class TrialRepositoryMismatchError extends FerryError {
  static readonly code = 'FERRY_TRIAL_REPOSITORY_MISMATCH';
  constructor(
    readonly repository: string,
    readonly differences: readonly string[],
  ) {
    super(
      TrialRepositoryMismatchError.code,
      `Trial repository "${repository}" holds another search (${differences.join('; ')}); ` +
        'use another repository name, or delete this one to start over',
    );
  }
}

/** A record of a trial repository cannot be read (not JSON, or not the shape Ferry writes). */
export class CorruptTrialRecordError extends FerryError {
  static readonly code = 'FERRY_CORRUPT_TRIAL_RECORD';
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(CorruptTrialRecordError.code, `Trial record ${key} is damaged: ${detail}`);
  }
}

/** Every trial of a search failed: there is no best configuration. Gives the first failure. */
export class NoSuccessfulTrialError extends FerryError {
  static readonly code = 'FERRY_NO_SUCCESSFUL_TRIAL';
  constructor(
    readonly trials: number,
    firstError: string,
  ) {
    super(NoSuccessfulTrialError.code, `All ${trials} trials failed; the first: ${firstError}`);
  }
}

/** A metric cannot score these predictions (no probabilities, a label the model never saw, mismatched lengths). */
export class MetricInputError extends FerryError {
  static readonly code = 'FERRY_METRIC_INPUT';
  constructor(
    readonly metric: string,
    detail: string,
  ) {
    super(MetricInputError.code, `Metric "${metric}": ${detail}`);
  }
}
