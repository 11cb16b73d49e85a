#!/usr/bin/env python3
"""The checker's benchmark: followup's checks beside the prose linters people use today.

Usage: bench/check.py FOLLOWUP_BINARY CHECK_BENCH_BINARY   (bench/run-check builds both and calls it)

1. A corpus of letters: composed by followup from a generated job search (300 applications,
   every kind of letter to every interviewer, a third with everyday mistakes put in) plus the
   labelled letters; the same files go to every linter.
2. Warm: letters checked per second in one process (check_bench), and the peers' own figures
   in one process each (bench/peers).
3. Cold: the whole-process wall time of checking one letter, median of 10, for followup
   (without context, and in its application's context) and for each peer's command line.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "peers"))
import peers  # noqa: E402

ROOT = os.path.dirname(HERE)
LETTERS = os.path.join(ROOT, "tests", "fixtures", "letters")


def wall(cmd, env, ok=(0, 1)):
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def median_ms(times):
    return f"{statistics.median(times) * 1000:7.1f} ms (min {min(times) * 1000:.1f})"


def main():
    followup, check_bench = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="followup-check-bench.")
    search = os.path.join(work, "search.json")
    with open(search, "w") as out:
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "300", "3"], stdout=out, check=True)
    corpus = os.path.join(work, "corpus")
    ours = json.loads(subprocess.run([check_bench, search, corpus, LETTERS], check=True, capture_output=True, text=True).stdout)
    words = [len(open(os.path.join(corpus, f)).read().split()) for f in os.listdir(corpus)]
    print(f"corpus: {ours['letters']} letters, {statistics.mean(words):.0f} words on average ({min(words)} to {max(words)})")

    peers.setup()
    theirs = peers.warm(corpus)
    print("\nwarm, in one process:")
    ours_ms = 1000 / ours["letters_per_second"]
    print(f"  followup    {ours['letters_per_second']:7.0f} letters/s  ({ours_ms:.3f} ms a letter, {ours['findings']} findings), one thread")
    print(f"  followup    {ours['letters_per_second_all_cores']:7.0f} letters/s  on {ours['threads']} threads, one proofreader each")
    for name, figures in theirs.items():
        ms = figures["per_letter_ms"]
        print(f"  {name:<11} {1000 / ms:7.0f} letters/s  ({ms:.3f} ms a letter, {figures['findings']} findings)  followup is {ms / ours_ms:.1f}x faster")

    letter = os.path.join(LETTERS, "p09.txt")
    env = dict(os.environ, FOLLOWUP_DATA_DIR=work, FOLLOWUP_CONFIG_DIR=os.path.join(work, "config"), NO_COLOR="1")
    env.pop("FOLLOWUP_DATABASE_URL", None)
    db = ["--db", os.path.join(work, "followup.db")]
    subprocess.run([followup, *db, "import", os.path.join(ROOT, "tests", "fixtures", "context.json")], env=env, check=True, capture_output=True)
    bare = [followup, *db, "check", letter]
    context = bare + ["--app", "contoso-dev", "--to", "anna.kowalski@contoso.example", "--kind", "thank_you", "--now", "2026-11-17T18:00:00Z"]
    local = dict(env, FOLLOWUP_PROOFREADER="local")
    wall(bare, local)
    cold_local = [wall(bare, local) for _ in range(10)]
    # The first check proofreads itself and starts the resident proofreader; later ones use it.
    first = wall(bare, env)
    socket = os.path.join(work, "run", "proofreader.sock")
    for _ in range(600):
        if os.path.exists(socket):
            break
        time.sleep(0.1)
    time.sleep(1.5)
    cold_bare = [wall(bare, env) for _ in range(10)]
    cold_context = [wall(context, env) for _ in range(10)]
    subprocess.run([followup, *db, "proofreader", "stop"], env=env, check=True)
    print("\ncold, one letter as a whole process (median of 10):")
    print(f"  followup check, proofreading in its own process  {median_ms(cold_local)}")
    print(f"  followup check, the first (starts the resident)   {first * 1000:7.1f} ms")
    print(f"  followup check, with the resident proofreader     {median_ms(cold_bare)}")
    print(f"  followup check in context, with it                {median_ms(cold_context)}")
    for name, seconds in peers.cold(letter).items():
        print(f"  {name:<49} {seconds * 1000:7.1f} ms   followup (resident) is {seconds / statistics.median(cold_bare):.1f}x faster")


if __name__ == "__main__":
    main()
