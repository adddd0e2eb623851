import { FerryError } from '../errors/index.ts';

/** The command line names an unknown command or flag, or lacks an argument. The CLI exits 2. */
export class CliUsageError extends FerryError {
  static readonly code = 'FERRY_CLI_USAGE';
  constructor(message: string) {
    super(CliUsageError.code, message);
  }
}

/** A path given to the CLI does not exist. */
export class CliNoSuchPathError extends FerryError {
  static readonly code = 'FERRY_CLI_NO_SUCH_PATH';
  constructor(readonly path: string) {
    super(CliNoSuchPathError.code, `No such file or folder: ${path}`);
  }
}

/** A folder given to the CLI is neither a dump (`<root>/<name>/<name>.ferry`) nor a storage root holding dumps. */
export class CliNoDumpError extends FerryError {
  static readonly code = 'FERRY_CLI_NO_DUMP';
  constructor(readonly path: string) {
    super(
      CliNoDumpError.code,
      `${path} holds no dump: expected ${path}/<name>.ferry (a dump folder) or <name>/<name>.ferry ` +
        'folders in it (a storage root, the folder given to ExecutionContext)',
    );
  }
}
