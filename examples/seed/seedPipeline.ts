/**
 * The pipeline of the Neuraxle seed notebook (its "Saving Example" cell), shared by the demo, its test,
 * the benchmarks, the golden dumps, the cross-runtime matrix and the edge example.
 */
import {
  Boolean,
  Choice,
  DataShuffler,
  HyperparameterSpace,
  LogisticRegression,
  LogUniform,
  OutputTransformerWrapper,
  Pipeline,
  type PipelineOptions,
  RandInt,
  Ravel,
  TrainOnlyWrapper,
} from 'ferryml';
import { IdentityWithQueue } from './IdentityWithQueue.ts';

/** The notebook's name for the pipeline. */
export const PIPELINE_NAME = 'saved_pipeline_name';

/** The notebook's data: x in 0..3, labels 2x (four classes). */
export const SEED_INPUTS = [[0], [1], [2], [3]];
export const SEED_OUTPUTS = [[0], [2], [4], [6]];

/** `Pipeline([IdentityWithQueue(), TrainOnlyWrapper(DataShuffler()), OutputTransformerWrapper(NumpyRavel()), LogisticRegression(space)])`. */
export function buildSeedPipeline(name = PIPELINE_NAME, options: PipelineOptions = {}): Pipeline {
  return new Pipeline(
    [
      new IdentityWithQueue(),
      new TrainOnlyWrapper(new DataShuffler()),
      new OutputTransformerWrapper(new Ravel()),
      new LogisticRegression({
        space: new HyperparameterSpace({
          C: new LogUniform(0.01, 10.0),
          fitIntercept: new Boolean(),
          dual: new Boolean(),
          penalty: new Choice(['l1', 'l2']),
          maxIter: new RandInt(20, 200),
        }),
      }),
    ],
    options,
  ).setName(name);
}
