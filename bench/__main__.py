"""Run every benchmark: `python -m bench` (see bench/README.md)."""

from __future__ import annotations

import runpy

if __name__ == "__main__":
    runpy.run_module("bench.iati_import", run_name="__main__")
    runpy.run_module("bench.talent_registry", run_name="__main__")
    runpy.run_module("bench.identity", run_name="__main__")
    runpy.run_module("bench.reports", run_name="__main__")
