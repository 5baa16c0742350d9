"""The `quest` command line: thin wiring from arguments to the engine, and exit codes."""
