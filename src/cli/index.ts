// Entry of the `harombe` CLI (plain Node, no Electron): runs the command, maps errors to one line and an exit code.
import { CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error';
import { createProgram } from './program';

async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      console.error(`error: ${error.message}`);
      if (error.hint) console.error(`  ${error.hint}`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    if (process.env['HAROMBE_DEBUG'] && error instanceof Error) console.error(error.stack);
    return EXIT_FAILURE;
  }
}

process.exitCode = await main(process.argv);
