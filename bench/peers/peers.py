#!/usr/bin/env python3
"""Times the prose linters people use today, for comparison with followup's checker.

    python3 bench/peers/peers.py CORPUS_DIR [--letter FILE] [--runs N] [--no-setup]
    python3 bench/peers/peers.py --make-test-corpus OUT_DIR [--count N]

Linters: write-good and alex (npm, pinned in package.json/package-lock.json)
and proselint (PyPI, pinned in requirements.txt, in bench/peers/.venv).

- setup(): installs them (setup.sh; idempotent) and returns the seconds it took.
- cold(letter): whole-process wall time of each linter's CLI on one letter, a
  new process each run, median of `runs` (one untimed run per CLI first, so the
  OS file cache is warm and only process start-up plus linting is measured).
- warm(corpus_dir): in-process time per letter over the whole corpus, after one
  untimed pass (peers.mjs for the Node linters, proselint_bench.py for proselint).

The CLIs exit non-zero when they find something (write-good exits with the
number of suggestions, alex and proselint with 1): that is not a failure.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = HERE / "node_modules" / ".bin"
VENV = HERE / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
FIXTURES = HERE.parent.parent / "tests" / "fixtures" / "letters"

# alex's CLI loads update-notifier, which writes ~/.config/configstore and, once
# a day, spawns a background registry check: keep that out of the timings.
CLI_ENV = dict(os.environ, NO_UPDATE_NOTIFIER="1")

# name -> (argv given the letter path, exit codes that mean "ran fine")
CLIS = {
    "write-good": (lambda f: [str(BIN / "write-good"), str(f)], None),  # exits with #suggestions
    # --text: the letters are plain text; without it alex parses them as markdown.
    "alex": (lambda f: [str(BIN / "alex"), "--text", str(f)], {0, 1}),
    "proselint": (lambda f: [str(VENV / "bin" / "proselint"), "check", str(f)], {0, 1}),
}


def setup():
    """Install the linters (idempotent). Returns wall seconds taken."""
    start = time.perf_counter()
    subprocess.run(["bash", str(HERE / "setup.sh")], check=True)
    return time.perf_counter() - start


def _run_cli(name, letter):
    argv, ok = CLIS[name]
    start = time.perf_counter()
    done = subprocess.run(argv(letter), cwd=HERE, env=CLI_ENV, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode < 0 or (ok is not None and done.returncode not in ok):
        raise RuntimeError(f"{name} failed (exit {done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def cold_samples(letter_path, runs=10):
    """{name: [seconds of each run]} of each linter's CLI on one letter, new process each run."""
    letter = Path(letter_path).resolve()
    result = {}
    for name in CLIS:
        _run_cli(name, letter)  # untimed: page the files in
        result[name] = [_run_cli(name, letter) for _ in range(runs)]
    return result


def cold(letter_path, runs=10):
    """{name: median seconds} of each linter's CLI on one letter, new process each run."""
    return {name: statistics.median(s) for name, s in cold_samples(letter_path, runs).items()}


def warm(corpus_dir):
    """{name: {letters, seconds, per_letter_ms, findings}}, in-process, after a warm-up pass."""
    corpus = str(Path(corpus_dir).resolve())
    result = {}
    for argv in (["node", str(HERE / "peers.mjs"), corpus],
                 [str(VENV_PYTHON), str(HERE / "proselint_bench.py"), corpus]):
        done = subprocess.run(argv, cwd=HERE, check=True, stdout=subprocess.PIPE)
        result.update(json.loads(done.stdout))
    return result


def versions():
    out = {}
    for name in ("write-good", "alex"):
        out[name] = json.loads((HERE / "node_modules" / name / "package.json").read_text())["version"]
    out["proselint"] = subprocess.run(
        [str(VENV_PYTHON), "-c", "import importlib.metadata as m; print(m.version('proselint'))"],
        check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    return out


def make_test_corpus(out_dir, count=1000, src_dir=FIXTURES):
    """Write `count` letters to out_dir by cycling through src_dir's fixtures,
    each copy varied by a number appended to its subject line (or, for a letter
    without one, to its last line). Returns the paths written."""
    sources = sorted(Path(src_dir).glob("*.txt"))
    if not sources:
        raise SystemExit(f"no *.txt letters in {src_dir}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        src = sources[i % len(sources)]
        copy = i // len(sources)
        lines = src.read_text(encoding="utf-8").split("\n")
        if copy:
            at = 0 if lines[0].startswith("Subject:") else max(j for j, l in enumerate(lines) if l.strip())
            lines[at] = f"{lines[at]} {copy + 1}"
        path = out / f"{i:04d}-{src.name}"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written


def _words(corpus_dir):
    files = sorted(Path(corpus_dir).glob("*.txt"))
    counts = [len(f.read_text(encoding="utf-8").split()) for f in files]
    return statistics.mean(counts), min(counts), max(counts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", help="directory of *.txt letters")
    parser.add_argument("--letter", help="letter for the cold runs (default: the corpus's first)")
    parser.add_argument("--runs", type=int, default=10, help="cold runs per CLI (default 10)")
    parser.add_argument("--no-setup", action="store_true", help="skip setup()")
    parser.add_argument("--make-test-corpus", metavar="OUT_DIR",
                        help="write a test corpus from tests/fixtures/letters and exit")
    parser.add_argument("--count", type=int, default=1000, help="letters in the test corpus (default 1000)")
    args = parser.parse_args()

    if args.make_test_corpus:
        written = make_test_corpus(args.make_test_corpus, args.count)
        print(f"wrote {len(written)} letters to {args.make_test_corpus}")
        return
    if not args.corpus:
        parser.error("CORPUS_DIR is required")
    corpus = Path(args.corpus)
    letters = sorted(corpus.glob("*.txt"))
    if not letters:
        sys.exit(f"no *.txt letters in {corpus}")
    letter = Path(args.letter) if args.letter else letters[0]

    if not args.no_setup:
        print(f"setup: {setup():.1f} s", flush=True)
    have = versions()
    node = subprocess.run(["node", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    mean, low, high = _words(corpus)
    print(f"corpus: {len(letters)} letters, {mean:.0f} words on average ({low}-{high}); "
          f"node {node}")
    print(f"cold: {letter.name} ({len(letter.read_text(encoding='utf-8').split())} words), "
          f"median of {args.runs} new processes each", flush=True)
    samples = cold_samples(letter, args.runs)
    warm_r = warm(corpus)

    print(f"{'linter':<12}{'version':<10}{'cold median (min)':>20}{'warm, per letter':>18}"
          f"{'warm, corpus':>14}{'findings':>10}")
    for name in CLIS:
        w = warm_r[name]
        med, low = statistics.median(samples[name]) * 1000, min(samples[name]) * 1000
        print(f"{name:<12}{have[name]:<10}{f'{med:.0f} ms ({low:.0f})':>20}{w['per_letter_ms']:>15.3f} ms"
              f"{w['seconds']:>12.2f} s{w['findings']:>10}")


if __name__ == "__main__":
    main()
