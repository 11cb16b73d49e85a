"""wrk against `followup serve` on a generated job search; see bench/run-serve."""
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from agenda import NOW

PAGES = [
    ("Today", "/"),
    # The same page made afresh for every request, as after each write: `group` bypasses the
    # kept copy (no group is named "none", so the page is the same).
    ("Today, fresh", "/?group=none"),
    ("Board", "/board"),
    ("Application", "/applications/app-00042"),
    ("API agenda", "/api/v1/agenda"),
]


def memory(pid):
    """Resident and peak resident memory of a process, in MB."""
    status = open(f"/proc/{pid}/status").read()
    kb = lambda field: int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))
    return kb("VmRSS") / 1024, kb("VmHWM") / 1024


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: re.search(rf"^\s+{p}%\s+([\d.]+\w+)", out, re.M).group(1) for p in ("50", "90", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, latency, int(errors.group(1)) if errors else 0


def main():
    binary, apps, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    work = tempfile.mkdtemp(prefix="followup-serve-bench.")
    search = os.path.join(work, "search.json")
    with open(search, "w") as out:
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "generate.py"), str(apps), "3"],
                       stdout=out, check=True)
    env = dict(os.environ, FOLLOWUP_DATA_DIR=work, FOLLOWUP_CONFIG_DIR=os.path.join(work, "config"))
    env.pop("FOLLOWUP_DATABASE_URL", None)
    db = ["--db", os.path.join(work, "followup.db")]
    subprocess.run([binary, *db, "import", search], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([binary, *db, "--now", NOW, "serve", "--listen", "127.0.0.1:0"],
                              env=env, stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)
        for _, path in PAGES:  # warm: the first request of each page is not counted
            urllib.request.urlopen(url + path).read()
        rss, _ = memory(server.pid)
        print(f"followup serve on {apps} applications ({apps * 3} interviews), SQLite, --now {NOW}")
        print(f"wrk -t2 -c16 -d{seconds}s --latency; memory after warming: {rss:.1f} MB resident")
        for name, path in PAGES:
            size = len(urllib.request.urlopen(url + path).read())
            rate, latency, errors = wrk(url + path, seconds)
            print(f"  {name:<13} {path:<27} {rate:>8.0f} req/s  p50 {latency['50']:>8}  p90 {latency['90']:>8}"
                  f"  p99 {latency['99']:>8}  {size / 1024:.0f} KB{f'  {errors} errors' if errors else ''}")
        rss, peak = memory(server.pid)
        print(f"memory: {rss:.1f} MB resident now, {peak:.1f} MB at the peak")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
