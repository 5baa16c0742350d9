"""`python -m quest_engine` runs the same CLI as the `quest` script."""

from quest_engine.cli.main import main

raise SystemExit(main())
