"""``python -m sync_server ...`` is ``lumbung-server ...``."""

import sys

from sync_server.cli import main

sys.exit(main())
