#!/usr/bin/env python3
"""Times whole followup processes on both backends. Called by bench/run."""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd, env):
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return elapsed


def ms(seconds):
    return f"{seconds * 1000:8.1f} ms"


def main():
    binary, apps, per_app = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    work = tempfile.mkdtemp(prefix="followup-bench.")
    search = os.path.join(work, "search.json")
    with open(search, "w") as out:
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "generate.py"), str(apps), str(per_app)], stdout=out, check=True)
    size = os.path.getsize(search) / 1e6
    print(f"job search: {apps} applications, {apps * per_app} interviews with debriefs, {size:.1f} MB of JSON")
    env = dict(os.environ, FOLLOWUP_DATA_DIR=work)
    env.pop("FOLLOWUP_DATABASE_URL", None)

    admin = os.environ["FOLLOWUP_TEST_POSTGRES_URL"]
    subprocess.run(["psql", "-q", admin, "-c", "CREATE DATABASE followup_bench"], check=True)
    backends = {
        "sqlite": ["--db", os.path.join(work, "followup.db")],
        "postgres": ["--database-url", admin.rsplit("/", 1)[0] + "/followup_bench"],
    }
    print(f"{'backend':<10}{'import':>12}{'re-import':>12}{'export':>12}{'app list (median of 20)':>26}")
    for name, database in backends.items():
        run = lambda *args: [binary, *database, *args]
        first_import = timed(run("import", search), env)
        reimport = timed(run("import", search), env)
        exports = [timed(run("export", "--out", os.path.join(work, f"export-{name}.json")), env) for _ in range(3)]
        lists = [timed(run("app", "list", "--json"), env) for _ in range(20)]
        print(f"{name:<10}{ms(first_import):>12}{ms(reimport):>12}{ms(statistics.median(exports)):>12}"
              f"{ms(statistics.median(lists)):>14} (min {min(lists) * 1000:.1f})")
        # The round trip holds at this size too.
        with open(os.path.join(work, f"export-{name}.json")) as f:
            exported = f.read()
        if name == "sqlite":
            first_export = exported
        elif exported != first_export:
            sys.exit("the two backends exported different documents")
    print("both backends exported the same document")


if __name__ == "__main__":
    main()
