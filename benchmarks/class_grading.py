"""Grade a generated class four ways and print seconds per submission and peak memory per worker.

    .venv/bin/python benchmarks/class_grading.py [--students N]

The class: N students (default 16) times the five notebooks, at least 40
submissions, cycling through the example profiles (complete, untouched,
partial with known mistakes or shortcuts) plus broken files. Ways:

1. `python -m autograder grade --jobs 1`
2. `python -m autograder grade --jobs 2`
3. `nbgrader autograde` with the hidden checks (this repository's configuration)
4. `python -m autograder autograde --jobs 2`: hidden checks in parallel, recorded by nbgrader
5. `nbgrader autograde` executing the notebooks only, nbgrader's own Execute (the baseline)

It ends with what the sandbox's isolation adds to each submission
(benchmarks/isolation.py). Memory is the proportional set size (PSS, shared pages split between the
processes sharing them) of each worker's process tree: the grading process
and its sandbox, sampled every second (more often slows the sampled processes).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.examples import PROFILES  # noqa: E402
from autograder.registry import assignments  # noqa: E402
from benchmarks import isolation  # noqa: E402

SAMPLE_SECONDS = 1.0  # reading smaps_rollup stalls the sampled processes: sample gently
BROKEN = {"broken-json": b"{\"cells\": [", "empty": b"", "latin-1": "caf\xe9".encode("latin-1")}
BASELINE_CONFIG = """
c = get_config()
c.CourseDirectory.release_directory = "assignments"
c.Execute.timeout = 120
"""


def make_class(course, students):
    """submitted/<student>/<assignment>/<assignment>.ipynb for `students` students."""
    examples = ROOT / "examples" / "submitted"
    profiles = sorted(PROFILES) + sorted(BROKEN)
    for number in range(students):
        profile = profiles[number % len(profiles)]
        for assignment in assignments():
            target = course / "submitted" / f"s{number:03d}-{profile}" / assignment / f"{assignment}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            if profile in BROKEN:
                target.write_bytes(BROKEN[profile])
            else:
                shutil.copy(examples / profile / assignment / f"{assignment}.ipynb", target)
    return sum(1 for _ in (course / "submitted").rglob("*.ipynb"))


def _tree(root):
    """The pids of root and all its descendants."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    todo += [int(p) for p in handle.read().split()]
        except OSError:
            continue
    return pids


def _pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _comm(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class MemorySampler(threading.Thread):
    """Peak PSS of each worker tree under a process; workers are found by `is_worker(cmdline)`."""

    def __init__(self, root, is_worker):
        super().__init__(daemon=True)
        self.root, self.is_worker, self.peak, self.done = root, is_worker, 0, False

    def run(self):
        while not self.done:
            workers = [p for p in _tree(self.root) if self.is_worker(_comm(p))] or [self.root]
            for worker in workers:
                self.peak = max(self.peak, sum(_pss(p) for p in _tree(worker)))
            time.sleep(SAMPLE_SECONDS)


def measure(name, command, cwd, env, is_worker):
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = MemorySampler(process.pid, is_worker)
    sampler.start()
    _, errors = process.communicate()
    sampler.done = True
    sampler.join()
    return name, time.monotonic() - started, sampler.peak, process.returncode, errors.decode()[-500:]


def nbgrader_course(base, config):
    course = base / config
    shutil.copytree(base / "class", course)
    return course


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=16)
    parser.add_argument("--skip-baseline", action="store_true", help="leave out nbgrader's own execution")
    args = parser.parse_args()
    binary = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{binary}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        count = make_class(base / "class", args.students)
        shutil.copytree(ROOT / "source", base / "class" / "source")
        print(f"class: {args.students} students, {count} submitted notebooks\n")
        complete = sorted((measure("one complete submission (5 notebooks)",
                                   [sys.executable, "-m", "autograder", "grade",
                                    str(ROOT / "examples" / "submitted" / "ada")], ROOT, env, lambda cmd: False)
                           for _ in range(3)), key=lambda run: run[1])
        print("one complete five-notebook submission, --jobs 1: "
              + ", ".join(f"{run[1]:.1f}" for run in complete)
              + f" s in three runs (median {complete[1][1]:.1f} s, peak {complete[1][2] / 2**20:.0f} MiB)\n")
        runs = []
        for jobs in (1, 2):
            runs.append(measure(f"autograder grade --jobs {jobs}",
                                [sys.executable, "-m", "autograder", "grade", str(base / "class" / "submitted"),
                                 "--json", "--jobs", str(jobs)], ROOT, env,
                                lambda cmd: "spawn_main" in cmd))
        course = nbgrader_course(base, "engine")
        subprocess.run([binary / "nbgrader", "generate_assignment", "*", "--force",
                        f"--CourseDirectory.root={course}"], cwd=ROOT, env=env, capture_output=True, check=True)
        runs.append(measure("nbgrader autograde (hidden checks)",
                            [binary / "nbgrader", "autograde", "*", "--force", f"--CourseDirectory.root={course}"],
                            ROOT, env, lambda cmd: False))
        course = nbgrader_course(base, "parallel")
        subprocess.run([binary / "nbgrader", "generate_assignment", "*", "--force",
                        f"--CourseDirectory.root={course}"], cwd=ROOT, env=env, capture_output=True, check=True)
        runs.append(measure("autograder autograde --jobs 2 (nbgrader)",
                            [sys.executable, "-m", "autograder", "autograde", "*", "--jobs", "2", "--force",
                             f"--CourseDirectory.root={course}"], ROOT, env, lambda cmd: "spawn_main" in cmd))
        if not args.skip_baseline:
            course = nbgrader_course(base, "baseline")
            (course / "nbgrader_config.py").write_text(BASELINE_CONFIG)
            subprocess.run([binary / "nbgrader", "generate_assignment", "*", "--force"], cwd=course, env=env,
                           capture_output=True, check=True)
            runs.append(measure("nbgrader autograde (execution only)",
                                [binary / "nbgrader", "autograde", "*", "--force"], course, env,
                                lambda cmd: False))
    print(f"{'way':<40}{'s/notebook':>12}{'s/student':>12}{'peak MiB/worker':>18}")
    for name, seconds, peak, code, errors in runs:
        print(f"{name:<40}{seconds / count:>12.2f}{seconds / args.students:>12.2f}{peak / 2**20:>18.0f}"
              + ("" if code in (0, 1) else f"   (exit {code}: {errors.strip()[:200]})"))
    timing = {name: seconds for name, seconds, *_ in runs}
    serial, parallel = timing["autograder grade --jobs 1"], timing["autograder grade --jobs 2"]
    print(f"\n--jobs 2 throughput: {serial / parallel:.2f}x that of --jobs 1")
    if "nbgrader autograde (execution only)" in timing:
        ratio = timing["nbgrader autograde (hidden checks)"] / timing["nbgrader autograde (execution only)"]
        print(f"nbgrader with hidden checks takes {ratio:.2f}x the time of execution only")
    print("\n" + isolation.report())


if __name__ == "__main__":
    main()
