// Entry of the `harombe` CLI (plain Node, no Electron): runs the command, maps errors to one line and an exit code.
import { CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error';
import { endQuietlyWhenOutputCloses, isClosedOutput } from './closed-output';
import { asInvoked } from './invocation';
import { createProgram } from './program';

async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    // A write that failed because the reader left: nobody is there to read an error either.
    if (isClosedOutput(error)) return 0;
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      // Hints name commands (`harombe stop`): in the form that works for how harombe was started (npx…).
      console.error(asInvoked(`error: ${error.message}`));
      if (error.hint) console.error(`  ${asInvoked(error.hint)}`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    if (process.env['HAROMBE_DEBUG'] && error instanceof Error) console.error(error.stack);
    return EXIT_FAILURE;
  }
}

// Before any command prints: `harombe … | head -1` must not end in an EPIPE stack trace.
endQuietlyWhenOutputCloses([process.stdout, process.stderr], (code) => process.exit(code));
process.exitCode = await main(process.argv);
