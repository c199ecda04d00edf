"""The `audit` command's entry point: it readies the process before the CLI imports numpy.

numpy's OpenBLAS starts a pool of threads (one per core) as numpy is imported, and they spin
for a while: 0.09 s of CPU on every run of a two-core machine, or 0.2 s of a three-second audit,
for linear algebra the auditor never does. So the command runs OpenBLAS on one thread unless
the user chose a number (OPENBLAS_NUM_THREADS already set). Only the command does this: a
program that imports auditor as a library keeps its own setting.
"""
from __future__ import annotations

import os


def main():
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from .cli import main as cli_main

    return cli_main()
