// Errors of the numeric kernels and classical steps (issue 13) are declared here.
import { FerryError } from './FerryError.ts';

/** An SVD (one-sided Jacobi) did not converge within its sweep limit; names the step or kernel and the limit. */
export class SvdNotConvergedError extends FerryError {
  static readonly code = 'FERRY_SVD_NOT_CONVERGED';
  constructor(
    readonly where: string,
    readonly maxSweeps: number,
  ) {
    super(SvdNotConvergedError.code, `${where}: the SVD did not converge in ${maxSweeps} Jacobi sweeps`);
  }
}
