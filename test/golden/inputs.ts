/** Inputs the golden dumps are evaluated on (kept apart so the generator and the test agree). */
export const GOLDEN_INPUTS = {
  seed: [[0], [1], [2], [3], [1.5], [-1], [10]],
  /** ones(1, 100) (the notebook's input) and a row of -0.5, 0.25, … */
  mlp: [Array.from({ length: 100 }, () => 1), Array.from({ length: 100 }, (_, i) => ((i % 7) - 3) / 4)],
} as const;
