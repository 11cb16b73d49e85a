#!/usr/bin/env python3
"""Warm, in-process timing of proselint on a corpus of letters.

    bench/peers/.venv/bin/python bench/peers/proselint_bench.py CORPUS_DIR

(or `python3 bench/peers/proselint_bench.py CORPUS_DIR`: it re-runs itself
under the venv's interpreter when proselint is not importable.)

Reads every *.txt in CORPUS_DIR, does one untimed pass over all letters, then
one timed pass, and prints {"proselint": {"letters", "seconds",
"per_letter_ms", "findings"}}.

Written against proselint 0.16's API, which replaced the old
`proselint.tools.lint(text)`: checks are registered once in the singleton
`CheckRegistry`, and each text is wrapped in a `LintFile(name, content)` whose
`.lint(config)` returns a list of `LintResult`. This is what `proselint check`
does per file.
"""
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PYTHON = HERE / ".venv" / "bin" / "python"


def _ensure_proselint():
    try:
        import proselint  # noqa: F401
    except ImportError:
        # (The venv's python is a symlink to this very interpreter: tell them
        # apart by sys.prefix, not by resolving the executable.)
        if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent.resolve():
            os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])
        sys.exit("proselint is not installed: run bench/peers/setup.sh first")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: proselint_bench.py CORPUS_DIR")
    _ensure_proselint()
    from proselint.checks import __register__
    from proselint.config import load_from
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    corpus = Path(sys.argv[1])
    names = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    if not names:
        sys.exit(f"no *.txt letters in {corpus}")
    letters = [(p.name, p.read_text(encoding="utf-8")) for p in names]

    # Same set-up as the CLI: default config merged with any user config files,
    # every check registered once (the registry is a class-level list, so
    # registering twice would run every check twice).
    config = load_from(None)
    CheckRegistry().register_many(__register__)

    def lint_all():
        # LintFile pads the content and computes line/quote bounds: part of the
        # per-letter cost, as it is on the CLI.
        return sum(len(LintFile(name, text).lint(config)) for name, text in letters)

    lint_all()  # warm, untimed
    start = time.perf_counter()
    findings = lint_all()
    seconds = time.perf_counter() - start
    print(json.dumps({"proselint": {
        "letters": len(letters),
        "seconds": round(seconds, 6),
        "per_letter_ms": round(seconds * 1000 / len(letters), 4),
        "findings": findings,
    }}))


if __name__ == "__main__":
    main()
