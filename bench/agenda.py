#!/usr/bin/env python3
"""Times `followup agenda` (for a person, and `--json` for a script) on the 10,000-application
job search, cold (a new process each time, the way a person or a script asks), on SQLite; and,
in the same run, Taskwarrior's `task next` over 10,000 pending tasks with due dates. Prints
them and their ratios.

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


def time_agenda(binary, work, apps, runs, shape):
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
    text = [binary, *db, "--now", NOW, "agenda"]
    _, out = wall(text, env)
    text_times = [wall(text, env)[0] for _ in range(runs)]
    print(f"  followup agenda (for a person): {len(out.splitlines())} lines, {figures(text_times)}")
    agenda = [binary, *db, "--now", NOW, "agenda", "--json"]
    _, out = wall(agenda, env)  # the first run after the import is not counted
    actions = json.loads(out)["actions"]
    times = [wall(agenda, env)[0] for _ in range(runs)]
    print(f"  followup agenda --json: {len(actions)} actionable actions ({len(out) / 1e6:.1f} MB), {figures(times)}")
    every = [binary, *db, "--now", NOW, "agenda", "--all", "--json"]
    _, out = wall(every, env)
    all_times = [wall(every, env)[0] for _ in range(runs)]
    print(f"  followup agenda --all --json: {len(json.loads(out)['actions'])} open actions, {figures(all_times)}")
    return times, text_times


def main():
    binary = sys.argv[1]
    apps = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    work = tempfile.mkdtemp(prefix="followup-agenda-bench.")
    results = {}
    for shape in ("history", "bare"):
        results[shape] = time_agenda(binary, work, apps, runs, shape)

    task_env = taskwarrior.prepare(os.path.join(work, "taskwarrior"), apps)
    task_times = taskwarrior.time_next(task_env, runs)
    print(f"taskwarrior {taskwarrior.last_prepare.get('version', '?')}: task next over {apps} pending tasks, {figures(task_times)}")
    task = statistics.median(task_times)
    for shape, (times, text_times) in results.items():
        for label, t in (("agenda", text_times), ("agenda --json", times)):
            t = statistics.median(t)
            print(f"ratio, {shape}: task next {task * 1000:.1f} ms / {label} {t * 1000:.1f} ms = {task / t:.1f}x")


if __name__ == "__main__":
    main()
