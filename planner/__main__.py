"""``python -m planner``: the same as the ``planner`` command."""

import sys

from planner.launch import main

sys.exit(main())
