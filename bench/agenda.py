#!/usr/bin/env python3
"""Times `followup agenda` (for a person, and `--json` for a script) on the 10,000-application
job search, cold (a new process each time, the way a person or a script asks), on SQLite; and,
in the same run, Taskwarrior's `task next` over 10,000 pending tasks with due dates. Each run
of followup is followed by one of `task next`, so both meet the same moment of a machine whose
speed drifts; every ratio is of the medians of those pairs. Prints them and their ratios.

Usage: bench/agenda.py FOLLOWUP_BINARY [APPLICATIONS [RUNS]]   (bench/run-agenda builds and calls it)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import taskwarrior  # noqa: E402

NOW = "2026-11-22T12:00:00+00:00"


def wall(cmd, env):
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return elapsed, done.stdout


def figures(times):
    return f"median {statistics.median(times) * 1000:6.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"


def paired(cmd, env, runs, peer):
    """`runs` times of `cmd`, each followed by one of the peer: (ours, theirs)."""
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(wall(cmd, env)[0])
        theirs.append(peer())
    return ours, theirs


def time_agenda(binary, work, apps, runs, shape, peer):
    """Imports a generated search of this shape into a new SQLite database and times the agenda."""
    search = os.path.join(work, f"search-{shape}.json")
    with open(search, "w") as out:
        extra = ["bare"] if shape == "bare" else []
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "generate.py"), str(apps), "3", *extra], stdout=out, check=True)
    env = dict(os.environ, FOLLOWUP_DATA_DIR=work, NO_COLOR="1")
    env.pop("FOLLOWUP_DATABASE_URL", None)
    db = ["--db", os.path.join(work, f"followup-{shape}.db")]
    imported, _ = wall([binary, *db, "import", search], env)
    label = "with the history of a candidate who uses followup" if shape == "history" else "bare: nothing ever done (worst case)"
    print(f"job search {label}: {apps} applications, {apps * 3} interviews; import into SQLite {imported * 1000:.0f} ms")
    results = {}
    text = [binary, *db, "--now", NOW, "agenda"]
    _, out = wall(text, env)  # the first run after the import is not counted
    results["agenda"] = paired(text, env, runs, peer)
    print(f"  followup agenda (for a person): {len(out.splitlines())} lines, {figures(results['agenda'][0])}")
    agenda = [binary, *db, "--now", NOW, "agenda", "--json"]
    _, out = wall(agenda, env)
    actions = json.loads(out)["actions"]
    results["agenda --json"] = paired(agenda, env, runs, peer)
    print(f"  followup agenda --json: {len(actions)} actionable actions ({len(out) / 1e6:.1f} MB), {figures(results['agenda --json'][0])}")
    every = [binary, *db, "--now", NOW, "agenda", "--all", "--json"]
    _, out = wall(every, env)
    results["agenda --all --json"] = paired(every, env, runs, peer)
    print(f"  followup agenda --all --json: {len(json.loads(out)['actions'])} open actions, {figures(results['agenda --all --json'][0])}")
    return results


def main():
    binary = sys.argv[1]
    apps = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    work = tempfile.mkdtemp(prefix="followup-agenda-bench.")
    task_env = taskwarrior.prepare(os.path.join(work, "taskwarrior"), apps)
    print(f"taskwarrior {taskwarrior.last_prepare.get('version', '?')}: task next over {apps} pending tasks")
    peer = lambda: taskwarrior.time_next(task_env, 1)[0]  # noqa: E731
    results = {}
    for shape in ("history", "bare"):
        results[shape] = time_agenda(binary, work, apps, runs, shape, peer)
    every_peer = [t for shape in results.values() for _, theirs in shape.values() for t in theirs]
    print(f"taskwarrior task next, beside every run: {figures(every_peer)}")
    for shape, measured in results.items():
        for label, (ours, theirs) in measured.items():
            o, t = statistics.median(ours), statistics.median(theirs)
            print(f"ratio, {shape}: task next {t * 1000:.1f} ms / {label} {o * 1000:.1f} ms = {t / o:.2f}x")


if __name__ == "__main__":
    main()
