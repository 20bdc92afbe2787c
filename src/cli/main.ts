/** Executable entry of the `lekwijzer` command. */
import { run } from "./index.ts";

// A running server keeps the process alive; every other command ends when its work is done.
process.exitCode = await run(process.argv.slice(2));
