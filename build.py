#!/usr/bin/env python3
"""Build the factcompare site: `python build.py [build|serve|check|import] ...` (see --help)."""

import sys

from factcompare.cli import main

if __name__ == "__main__":
    sys.exit(main())
