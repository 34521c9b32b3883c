/** Runs the CLI from source in a child process (tests that need a real standard input, FIFO or terminal stream). */
import { main } from '../../server/src/cli/main';

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
