/** Whether a monitored metric improves by going down (`min`: losses, errors) or up (`max`: accuracies). */
export type CheckpointMode = 'min' | 'max';

const MIN_WORDS = /(loss|error|mse|mae|mape|msle|rmse|crossentropy|hinge|divergence|poisson|cosine_proximity)/i;
const MAX_WORDS = /(acc|accuracy|auc|precision|recall|f1|r2|iou|top_?k)/i;

/**
 * The mode a metric's name implies, like Keras's `ModelCheckpoint(mode='auto')`: losses and errors
 * (`loss`, `val_loss`, `meanSquaredError`, `val_mae`) are minimised, accuracies and scores
 * (`acc`, `val_accuracy`, `categoricalAccuracy`, `auc`, `precision`) maximised. Undefined when the
 * name says neither (or both): then the caller must say which.
 */
export function deriveCheckpointMode(monitor: string): CheckpointMode | undefined {
  const snake = monitor.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  const min = MIN_WORDS.test(snake);
  const max = MAX_WORDS.test(snake);
  if (min === max) return undefined;
  return min ? 'min' : 'max';
}
