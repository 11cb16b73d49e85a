#!/usr/bin/env python3
"""The classic tool for the same question: Taskwarrior's `task next` over 10,000 pending tasks.

`followup agenda --json` answers "what should I follow up on next?" over every application;
the nearest classic command-line equivalent is Taskwarrior's `next` report over pending tasks
with due dates. This module builds a private Taskwarrior setup (its own .taskrc and data
directory, selected with TASKRC and TASKDATA; ~/.task and ~/.taskrc are never touched), fills
it with `task import` and times cold `task next` processes.

Usage: bench/taskwarrior.py [COUNT [RUNS]]
As a module: env = prepare(work_dir, count); times = time_next(env, runs).
Standard library only. Handles Taskwarrior 2.6 (pending.data) and 3.x (taskchampion SQLite).
"""
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone

# Due dates are spread over a few months either side of this day, so the urgency of every
# task has a due-date component (some overdue, some soon, some far away).
AROUND = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
SEED = 20261122

# What the last prepare() found: the Taskwarrior version and the wall time of `task import`.
last_prepare = {}

ACTIONS = [
    "Thank the interviewer for {app}",
    "Send the follow-up email for {app}",
    "Chase the recruiter about {app}",
    "Send the portfolio link for {app}",
    "Answer the take-home questions for {app}",
    "Confirm the next round for {app}",
    "Send references for {app}",
]
PROJECTS = ["jobs.acme", "jobs.northwind", "jobs.contoso", "jobs.fabrikam", "jobs.tailspin"]
TAGS = ["thankyou", "recruiter", "urgent", "portfolio", "references"]


def _task(args, env, check=True):
    done = subprocess.run(["task", *args], env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and done.returncode != 0:
        raise RuntimeError(f"task {' '.join(args)} exited {done.returncode}: "
                           f"{done.stderr.decode(errors='replace')}{done.stdout.decode(errors='replace')}")
    return done


def version(env=None):
    """`task --version`, e.g. "2.6.2" or "3.1.0"."""
    if shutil.which("task") is None:
        raise RuntimeError("Taskwarrior is not installed (apt-get install -y taskwarrior)")
    return _task(["--version"], env or os.environ).stdout.decode().strip()


def _tw_date(moment):
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _tasks(count):
    """`count` pending tasks with due dates, in Taskwarrior's import format; same seed, same tasks."""
    rng = random.Random(SEED)
    for n in range(count):
        app = f"app-{n:05d}"
        due = AROUND + timedelta(minutes=rng.randrange(-60 * 24 * 60, 90 * 24 * 60))
        entry = min(due, AROUND) - timedelta(days=rng.randrange(1, 60), minutes=rng.randrange(1440))
        task = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "status": "pending",
            "description": rng.choice(ACTIONS).format(app=app),
            "entry": _tw_date(entry),
            "modified": _tw_date(entry),
            "due": _tw_date(due),
        }
        if rng.random() < 0.6:
            task["project"] = rng.choice(PROJECTS)
        if rng.random() < 0.5:
            task["tags"] = rng.sample(TAGS, rng.randint(1, 2))
        if rng.random() < 0.1:
            task["priority"] = rng.choice(["H", "M", "L"])
        yield task


def prepare(work_dir: str, count: int = 10000) -> dict:
    """Creates a private Taskwarrior in work_dir with `count` pending tasks; returns the env for `task`."""
    work_dir = os.path.abspath(work_dir)
    data = os.path.join(work_dir, "taskdata")
    os.makedirs(data, exist_ok=True)
    rc = os.path.join(work_dir, "taskrc")
    env = dict(os.environ, TASKRC=rc, TASKDATA=data)
    ver = version(env)
    with open(rc, "w") as f:
        f.write("\n".join([
            f"data.location={data}",
            # Nothing interactive, nothing on the terminal but the report itself.
            "confirmation=off",
            "verbose=nothing",
            "color=off",
            "hooks=off",
            "recurrence=off",
            # Silence the "you upgraded, run `task news`" nag of 2.6+/3.x.
            f"news.version={ver}",
            # gc stays on, Taskwarrior's default, as a real user would have it: with every task
            # pending there is nothing to move to completed.data, so it costs a scan, no write.
            "gc=on",
            # The report must not depend on a terminal: fixed width, no size detection.
            "detection=off",
            "defaultwidth=200",
            "defaultheight=40",
            # The `next` report keeps its default definition (filter "status:pending -WAITING
            # limit:page", sorted by urgency): it shows one page but has to load every pending
            # task and compute its urgency to sort them, which is the fair "what next" question.
            "",
        ]))

    tasks = os.path.join(work_dir, "tasks.json")
    with open(tasks, "w") as f:
        json.dump(list(_tasks(count)), f)
    start = time.perf_counter()
    _task(["import", tasks], env)
    last_prepare.update(version=ver, import_seconds=time.perf_counter() - start, count=count)

    pending = int(_task(["count", "status:pending"], env).stdout.decode().strip())
    if pending != count:
        raise RuntimeError(f"imported {count} tasks but Taskwarrior has {pending} pending")
    # Warm-up, not timed: the first command after an import may do leftover work (a gc pass,
    # a working-set rebuild in 3.x, first reads into the page cache).
    time_next(env, runs=1)
    return env


def time_next(env: dict, runs: int = 10) -> list:
    """Wall times, in seconds, of `runs` cold `task next` processes (report read from a pipe, then dropped)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(["task", "next"], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode != 0 or not done.stdout.strip():
            raise RuntimeError(f"task next exited {done.returncode} with "
                               f"{len(done.stdout)} bytes of report: {done.stderr.decode(errors='replace')}")
        times.append(elapsed)
    return times


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory(prefix="followup-bench-task.") as work:
        env = prepare(work, count)
        times = time_next(env, runs)
    ver = last_prepare["version"]
    print(f"taskwarrior {ver}: task import of {count} tasks: {last_prepare['import_seconds'] * 1000:.0f} ms")
    print(f"taskwarrior {ver}: task next over {count} pending tasks: "
          f"median {statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
