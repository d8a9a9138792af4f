#!/usr/bin/env node
// dsm-sim: the DSM simulator as a command. Prints exactly one line "listening on <URL>" once it
// accepts connections, and stops cleanly (scripts killed, state file written) on SIGINT and SIGTERM.
import { parseCli, USAGE, type CliConfig } from './cli-args';
import { startSimulator } from './index';

async function main(): Promise<void> {
  let config: CliConfig;
  try {
    config = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`dsm-sim: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = await startSimulator(config.options);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`listening on ${simulator.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`dsm-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
