"""Concurrent writers, as whole processes: four `followup event add` at once against one
application, on SQLite and on a throwaway PostgreSQL, and the latency of one `event add` alone.
Prints events per second and the median and 90th percentile of one write, for each binary given
(to compare two builds in one run: `bench/run-writers OLD NEW`). Every event must be present
afterwards; a lost one fails the run."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "tests", "fixtures", "context.json")
NOW = "2026-11-19T12:00:00+00:00"
WRITERS, EACH, ALONE = 4, 25, 30


def run(binary, database, args):
    return subprocess.run([binary, *database, "--now", NOW, *args], capture_output=True, text=True)


def fresh(binary, kind, n):
    if kind == "sqlite":
        path = tempfile.mkdtemp(prefix="followup-writers-")
        database = ["--db", os.path.join(path, "f.db")]
    else:
        admin = os.environ["FOLLOWUP_TEST_POSTGRES_URL"]
        name = f"writers_{os.getpid()}_{n}"
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        database = ["--database-url", admin.rsplit("/", 1)[0] + "/" + name]
    out = run(binary, database, ["import", SAMPLE])
    assert out.returncode == 0, out.stderr
    return database


def events(binary, database):
    out = run(binary, database, ["app", "show", "contoso-dev", "--json"])
    return [e.get("note") for e in json.loads(out.stdout).get("events", [])]


def measure(binary, kind, n):
    database = fresh(binary, kind, n)
    failures = []

    def writer(w):
        for i in range(EACH):
            note = f"writer {w} event {i}"
            out = run(binary, database, ["event", "add", "contoso-dev", "feedback",
                                         "--at", f"2026-11-19T10:{w:02}:{i:02}+00:00", "--note", note])
            if out.returncode != 0:
                failures.append(out.stderr.strip().splitlines()[-1])

    start = time.perf_counter()
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(writer, range(WRITERS)))
    elapsed = time.perf_counter() - start
    kept = events(binary, database)
    lost = sum(1 for w in range(WRITERS) for i in range(EACH)
               if f"writer {w} event {i}" not in kept) - len(failures)
    alone = []
    for i in range(ALONE):
        t = time.perf_counter()
        out = run(binary, database, ["event", "add", "contoso-dev", "reply",
                                     "--at", f"2026-11-19T09:00:{i:02}+00:00", "--note", f"alone {i}"])
        alone.append((time.perf_counter() - t) * 1000)
        assert out.returncode == 0, out.stderr
    alone.sort()
    return {
        "events_per_second": round(WRITERS * EACH / elapsed, 1),
        "failed": len(failures),
        "first_failure": failures[0] if failures else None,
        "lost_after_success": lost,
        "one_write_ms_median": round(statistics.median(alone), 1),
        "one_write_ms_p90": round(alone[int(len(alone) * 0.9)], 1),
    }


def main():
    binaries = sys.argv[1:]
    n = 0
    for kind in ("sqlite", "postgres"):
        for binary in binaries:
            n += 1
            print(kind, binary, json.dumps(measure(binary, kind, n)), flush=True)


if __name__ == "__main__":
    main()
