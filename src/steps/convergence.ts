/**
 * scikit-learn's `ConvergenceWarning`, as an event: an iterative fit (a solver, Lloyd's iterations) that stops at its
 * iteration limit before meeting its tolerance reports it here instead of staying silent.
 */
export interface ConvergenceWarning {
  /** Name of the step whose fit did not converge. */
  readonly step: string;
  /** The solver or algorithm that stopped (e.g. `'lbfgs'`, `'lloyd'`). */
  readonly solver: string;
  /** Iterations run, and the limit that stopped them. */
  readonly nIter: number;
  readonly maxIter: number;
  /** A sentence for people, in scikit-learn's words where it has some. */
  readonly message: string;
}

/** Receives convergence warnings. */
export type ConvergenceWarningHandler = (warning: ConvergenceWarning) => void;

/** The default: one `console.warn` line per warning, as Python prints a `ConvergenceWarning`. */
export const warnOnConsole: ConvergenceWarningHandler = (w) => {
  console.warn(`ConvergenceWarning: step "${w.step}": ${w.message}`);
};

let processHandler: ConvergenceWarningHandler | null = warnOnConsole;

/**
 * Sets where convergence warnings go when a step has no handler of its own: a function, or `null` to silence them
 * (like `warnings.simplefilter('ignore', ConvergenceWarning)`). Returns the previous handler.
 */
export function setConvergenceWarningHandler(
  handler: ConvergenceWarningHandler | null,
): ConvergenceWarningHandler | null {
  const previous = processHandler;
  processHandler = handler;
  return previous;
}

/**
 * Reports a fit that did not converge: to `own` when the step was given a handler (`'silent'` drops it), else to
 * the process-wide handler.
 */
export function emitConvergenceWarning(warning: ConvergenceWarning, own?: ConvergenceWarningHandler | 'silent'): void {
  if (own === 'silent') return;
  const handler = own ?? processHandler;
  handler?.(warning);
}
