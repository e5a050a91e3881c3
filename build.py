#!/usr/bin/env python3
"""Build the factcompare site: `python build.py [build|serve|check|import] ...` (see --help)."""

from factcompare.cli import run

if __name__ == "__main__":
    run()
