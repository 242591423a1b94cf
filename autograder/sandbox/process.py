"""The grader's side of the sandbox: start it, load a notebook, run calls with time limits."""
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from autograder.outcomes import StudentCrash, StudentError, StudentShortcut, StudentTimeout
from autograder.sandbox import protections, wire

BOOT = r"""
import importlib, importlib.util, json, os, socket, struct, sys
control = socket.socket(fileno=int(sys.argv[1]))
def read(n):
    data = b""
    while len(data) < n:
        chunk = control.recv(n - len(data))
        if not chunk:
            os._exit(3)
        data += chunk
    return data
def receive():
    return json.loads(read(struct.unpack(">I", read(4))[0]))
def send(message):
    body = json.dumps(message).encode()
    control.sendall(struct.pack(">I", len(body)) + body)
boot = receive()
class BootModules:  # imports the modules sent at boot; probes may import each other in any order
    def find_spec(self, name, path=None, target=None):
        if name in boot["modules"]:
            return importlib.util.spec_from_loader(name, self, is_package=name == "probes")
    def create_module(self, spec):
        return None
    def exec_module(self, mod):
        mod.__file__ = "<%s>" % mod.__name__
        exec(compile(boot["modules"][mod.__name__], mod.__file__, "exec"), mod.__dict__)
sys.meta_path.insert(0, BootModules())
module = importlib.import_module
isolate, confine = module("isolate"), module("confine")
missing = {}
try:
    isolate.enter_base_namespaces()
except OSError as exc:
    missing["namespaces"] = str(exc)
send({"event": "unshared", "ok": "namespaces" not in missing})
if "namespaces" not in missing and receive().get("mapped"):
    isolate.arrange_files(**boot["files"])
    if boot["switch_user"]:
        isolate.become_sandbox_user()
confine.limit_resources(**boot["limits"])
abi = confine.landlock(**boot["paths"])
import numpy, torch, matplotlib.pyplot
torch.optim.SGD([torch.zeros(1, requires_grad=True)])  # the first optimizer imports ~800 modules (0.9 s)
try:
    import pyseccomp
except (ImportError, OSError) as exc:
    missing["seccomp"] = str(exc)
torch.set_num_threads(1)
torch.set_flush_denormal(True)
confine.limit_memory(boot["memory_bytes"])
for name in boot["order"]:
    module(name)
sys.modules["child"].main(control, boot, {"landlock": abi, "missing": missing})
"""

SYSTEM_READ = ["/usr", "/lib", "/lib64", "/bin", "/etc", "/proc", "/sys"]
DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/full"]
OUTSIDE_ID = 65534  # nobody: who student code is under a root grader


@dataclass(frozen=True)
class Limits:
    """What student code may use. Times are wall-clock seconds; memory is address space on top of
    what the warm base maps (Python, numpy, torch and matplotlib imported)."""

    memory_bytes: int = 2 * 2**30
    file_bytes: int = 64 * 2**20
    cpu_seconds: int = 3600
    call_seconds: float = 10.0
    cell_seconds: float = 30.0
    start_seconds: float = 120.0


CONFIGURABLE = {"memory_bytes": "bytes of memory student code may use on top of the warm sandbox",
                "call_seconds": "seconds one call of a check may take",
                "cell_seconds": "seconds one cell of the notebook may take to run"}  # the limits a course sets


class SandboxBroken(Exception):
    """The sandbox itself could not be started or answered nonsense."""


HERE = Path(__file__).parent
PROBES = HERE.parent / "probes"


def _sources():
    """The modules the sandbox runs, as text (it cannot read the grader's files itself), in load order."""
    sources = {name: (HERE / f"{name}.py").read_text() for name in ("isolate", "confine", "wire", "guards")}
    sources["shortcuts"] = (HERE.parent / "shortcuts.py").read_text()  # the rule table and magic stripping
    sources["probes"] = (PROBES / "__init__.py").read_text()
    for path in sorted(PROBES.glob("[!_]*.py")):
        sources[f"probes.{path.stem}"] = path.read_text()
    sources["child"] = (HERE / "child.py").read_text()
    return sources


def describe_end(event):
    if "signal" in event:
        return f"was killed by {event['signal']}"
    return f"exited with code {event['code']} (sys.exit or os._exit)"


class Sandbox:
    """One confined process tree: base, then per submission a domain (notebook, worker). Restarts when broken.

    The base is started once and stays warm. Each notebook process is the init
    of a user and pid namespace of its own, talks over a socket of its own, and
    ends with every process it made; a worker is forked from it per check.
    """

    def __init__(self, limits=Limits()):
        self.limits = limits
        self._proc = None
        self._levels = []  # base pid, notebook pid (as the grader sees it), worker pid (as the notebook sees it)
        self._cells = []
        self._given = set()  # ids of the cells that hold the given code
        self._workdir = None
        self._channel = None  # the socket to the top level: the base's control socket, or the submission's
        self._protections = None
        self._ready = False  # the base's namespaces are mapped and it goes on booting

    # -- lifecycle ---------------------------------------------------------

    def warm_up(self):
        """Start booting in the background; the first load waits for it.

        The base's identity is mapped here, at once, so that it imports torch while the grader goes on."""
        if self._proc is None:
            self._launch()
            self._ready = self._map_base(time.monotonic() + self.limits.start_seconds)

    @property
    def protections(self):
        """What isolates student code here (the sandbox is started if it was not)."""
        if not self._levels:
            self._start()
        return self._protections

    def _map_base(self, deadline):
        """Answer the base's first message (it has entered its namespaces); False if it failed."""
        try:
            unshared = self._recv(deadline)
            if unshared and unshared.get("event") == "unshared":
                self._send({"mapped": unshared["ok"] and _map_identity(self._proc.pid)})
            return True
        except (TimeoutError, StudentCrash):
            return False

    def _start(self):
        self.warm_up()
        deadline = time.monotonic() + self.limits.start_seconds
        try:
            ready = self._recv(deadline) if self._ready else None
        except (TimeoutError, StudentCrash):
            ready = None
        if ready is None or ready.get("event") != "ready":
            detail = self._stderr.text()[-2000:]
            self._kill_all()
            raise SandboxBroken(f"the sandbox did not start: {detail or ready}")
        self._protections = protections.assess(ready["protections"])
        self._levels = [ready["pid"]]

    def _launch(self):
        self._workdir = tempfile.mkdtemp(prefix="sandbox-")
        os.chmod(self._workdir, 0o700)
        staging = os.path.join(self._workdir, ".staging")
        os.mkdir(staging, 0o700)
        _give_to_sandbox(self._workdir)
        ours, theirs = socket.socketpair()
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-c", BOOT, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), cwd=self._workdir, env=self._environment(),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )
        theirs.close()
        self._control = self._channel = ours
        self._stderr = _Drain(self._proc.stderr)
        sources, readable = _sources(), sorted(_prefixes())
        self._send({"modules": sources, "order": [n for n in sources if n not in ("confine", "isolate")],
                    "limits": self._limit_args(), "memory_bytes": self.limits.memory_bytes,
                    "paths": self._paths(readable), "switch_user": os.geteuid() == 0,
                    "files": {"readable": readable + [self._workdir], "hidden": _hidden(readable),
                              "staging": staging}})

    def _environment(self):
        home = self._workdir
        return {"PATH": os.defpath, "HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home,
                "XDG_CACHE_HOME": home, "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "LANG": "C.UTF-8",
                "PYTHONDONTWRITEBYTECODE": "1"}

    def _limit_args(self):
        return {"cpu_seconds": self.limits.cpu_seconds, "file_bytes": self.limits.file_bytes}

    def _paths(self, readable):
        """The base's Landlock domain. It also writes /proc, for the submissions' user namespace maps;
        each submission's own nested domain writes its folder only."""
        return {"read_paths": readable + SYSTEM_READ, "write_paths": [self._workdir, "/proc"],
                "devices": DEVICES}

    def close(self):
        """End every process of the sandbox and remove its working directory."""
        self._kill_all()
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _kill_all(self):
        if len(self._levels) > 1:
            _kill(self._levels[1])  # the init of the submission's pid namespace: all its processes end
        if self._proc is not None:
            _killpg(self._proc.pid)
            self._proc.wait()
            self._stderr.close()
        for channel in {self._channel, getattr(self, "_control", None)} - {None}:
            channel.close()
        self._proc, self._levels, self._channel, self._control = None, [], None, None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- messages ----------------------------------------------------------

    def _send(self, message, fds=()):
        try:
            data = wire.pack(message)
            if fds:
                socket.send_fds(self._channel, [data[:4]], list(fds))
                data = data[4:]
            self._channel.sendall(data)
        except OSError as exc:
            raise StudentCrash("the sandbox stopped listening") from exc

    def _recv(self, deadline):
        """The next message, or None on end of file; TimeoutError past the deadline."""
        header = self._read(4, deadline)
        if header is None:
            return None
        try:
            body = self._read(wire.unpack_length(header), deadline)
            return json.loads(body) if body is not None else None
        except ValueError as exc:
            raise SandboxBroken(f"unreadable message from the sandbox: {exc}") from exc

    def _read(self, n, deadline):
        data = b""
        while len(data) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._channel], [], [], left)[0]:
                raise TimeoutError
            try:
                chunk = self._channel.recv(n - len(data))
            except OSError:
                return None
            if not chunk:
                return None
            data += chunk
        return data

    # -- levels ------------------------------------------------------------

    def _fork(self):
        if len(self._levels) == 1:
            self._open_submission()
        else:
            self._send({"op": "fork"})
        event = self._recv(time.monotonic() + self.limits.start_seconds)
        self._check_lower_levels(event)
        if event is None or event.get("event") != "forked":
            raise SandboxBroken(f"could not fork a sandbox process: {event}")
        self._levels.append(event["pid"])

    def _open_submission(self):
        """Ask the base for a new submission domain, talking over a socket made for it alone."""
        folder = tempfile.mkdtemp(prefix="submission-", dir=self._workdir)
        _give_to_sandbox(folder)
        ours, theirs = socket.socketpair()
        self._channel = self._control
        try:
            self._send({"op": "submission", "workdir": folder}, fds=[theirs.fileno()])
        finally:
            theirs.close()
        self._channel = ours

    def _close_submission(self):
        self._channel.close()
        self._channel = self._control
        for folder in Path(self._workdir).glob("submission-*"):
            shutil.rmtree(folder, ignore_errors=True)

    def _pop(self, kill):
        """End the top level; return how it ended."""
        pid = self._levels[-1]
        notebook = len(self._levels) == 2
        if kill:
            if notebook:
                _kill(pid)
            else:
                for child in _children(self._levels[1]):
                    _kill(child)
        else:
            self._send({"op": "exit"})
        try:
            event = self._recv(time.monotonic() + 10)
        except (TimeoutError, SandboxBroken):
            event = None
        if event is None or event.get("pid") != pid:
            self._kill_all()
            return None
        self._drop_top()
        return event

    def _drop_top(self):
        """Forget the top level, which has ended; a submission's socket closes with its notebook process."""
        self._levels.pop()
        if len(self._levels) == 1:
            self._close_submission()

    def _end_submission(self):
        """Kill the submission's notebook process and with it every process of its namespace."""
        if len(self._levels) > 1:
            _kill(self._levels[1])
            del self._levels[2:]
            self._drop_top()

    def _request(self, message, seconds):
        """Send a request to the top level; its reply, or StudentTimeout/StudentCrash.

        Forbidden routines reported while the request ran (as they were called) are added to the
        reply's "tripped", which student code can no longer take back.
        """
        self._send(message)
        deadline, tripped = time.monotonic() + seconds, set()
        try:
            reply = self._recv(deadline)
            while reply is not None and reply.get("event") == "tripped":
                tripped.add(str(reply.get("routine")))
                reply = self._recv(deadline)
        except TimeoutError:
            self._pop(kill=True)
            raise StudentTimeout(f"did not finish within {seconds:g} s and was stopped") from None
        except SandboxBroken:
            self._end_submission()
            raise StudentCrash("wrote into the grader's message channel") from None
        if reply is None:
            self._kill_all()
            raise StudentCrash("ended the sandbox (all its processes stopped)")
        self._check_lower_levels(reply)
        if reply.get("event") == "exited":
            self._drop_top()
            if tripped:
                raise StudentShortcut(sorted(tripped))
            raise StudentCrash(f"ended its process: the process {describe_end(reply)}")
        if tripped:
            raise StudentShortcut(sorted(tripped | set(reply.get("tripped", []))))
        return reply

    def _check_lower_levels(self, message):
        """StudentCrash, with the whole tree ended, if the message says a level below the top ended."""
        if message and message.get("event") == "exited" and message.get("pid") != self._levels[-1]:
            self._kill_all()
            raise StudentCrash(f"ended a process of the sandbox below it: that process {describe_end(message)}")

    # -- notebook and checks ----------------------------------------------

    def load(self, cells, given=()):
        """Run (cell_id, source) pairs in a fresh notebook process; return {cell_id: problem}.

        The cells whose ids are in `given` hold the given code: they run in a namespace of their own and their
        names are put back before each call and probe. A cell that hangs or ends the process is left out and
        the others are run again.
        """
        self._given = set(given)
        while len(self._levels) > 1:
            self._pop(kill=False)
        problems, kept = {}, []
        for cell_id, source in cells:
            outcome = self._try_cell(cell_id, source, kept)
            if outcome is not None:
                problems[cell_id] = outcome
            if not isinstance(outcome, (StudentTimeout, StudentCrash)):
                kept.append((cell_id, source))
        self._cells = kept
        return problems

    def _try_cell(self, cell_id, source, earlier):
        self._ensure_notebook(earlier)
        try:
            reply = self._exec(cell_id, source)
        except (StudentTimeout, StudentCrash) as exc:
            return exc
        return StudentError(reply["error"]) if "error" in reply else None

    def _ensure_notebook(self, cells):
        """Make sure a notebook process with `cells` executed is the top level."""
        while len(self._levels) > 2:
            self._pop(kill=False)
        if len(self._levels) == 2:
            return
        if not self._levels:
            self._start()
        self._fork()
        for cell_id, source in cells:
            self._exec(cell_id, source)

    def _exec(self, cell_id, source):
        return self._request({"op": "exec", "cell_id": cell_id, "source": source, "given": cell_id in self._given},
                             self.limits.cell_seconds)

    def new_worker(self):
        """A fresh process forked from the loaded notebook for the next check."""
        self._ensure_notebook(self._cells)
        self._fork()

    def end_worker(self):
        if len(self._levels) == 3:
            self._pop(kill=False)

    def _worker_request(self, message, seconds):
        if len(self._levels) < 3:
            self.new_worker()
        reply = self._request(message, seconds or self.limits.call_seconds)
        if reply.get("tripped"):
            raise StudentShortcut(reply["tripped"])
        if "error" in reply:
            raise StudentError(reply["error"])
        return reply

    def call(self, name, args=(), kwargs=None, seconds=None, forbid=None):
        """Call a notebook name in the worker; (result, indices of mutated arguments).

        `forbid` holds rows of the rule table: routines that must not be called (see guards.py).
        """
        reply = self._worker_request({"op": "call", "name": name, "args": [wire.encode(a) for a in args],
                                      "kwargs": {k: wire.encode(v) for k, v in (kwargs or {}).items()},
                                      "forbid": forbid}, seconds)
        return wire.decode(reply["result"]), reply["mutated"]

    def probe(self, name, args=(), kwargs=None, seconds=None, forbid=None):
        """Run probes.<module>.<function>(namespace, *args, **kwargs) in the worker; its result.

        `name` is "<module>.<function>" within the probes package, or a function of the package itself.
        """
        reply = self._worker_request({"op": "probe", "probe": name, "args": [wire.encode(a) for a in args],
                                      "kwargs": {k: wire.encode(v) for k, v in (kwargs or {}).items()},
                                      "forbid": forbid}, seconds)
        return wire.decode(reply["result"])


def _killpg(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _children(pid):
    """The children of a sandbox process, as the grader sees them (read from the kernel, not from the sandbox)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


PACKAGE = Path(__file__).resolve().parent.parent


def _prefixes():
    """What the sandbox reads: the Python installation, and folders of the import path (a .pth file's)
    that do not hold the autograder package (a source checkout on PYTHONPATH is not read)."""
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    prefixes = {str(Path(p).resolve()) for p in prefixes}
    for entry in sys.path:
        folder = Path(entry).resolve() if entry and Path(entry).is_absolute() else None
        if folder and folder.is_dir() and not PACKAGE.is_relative_to(folder):
            prefixes.add(str(folder))
    return prefixes


def _hidden(readable):
    """Folders the sandbox must not see although they lie in what it reads: the installed autograder package."""
    return [str(PACKAGE)] if any(PACKAGE.is_relative_to(p) for p in readable) else []


def _give_to_sandbox(folder):
    """Under a root grader, the sandbox runs as an unprivileged user that must own its folders."""
    if os.geteuid() == 0:
        os.chown(folder, OUTSIDE_ID, OUTSIDE_ID)


def _map_identity(pid):
    """Write the base's user namespace maps: under root, inside 0 is root until boot ends, then the
    sandbox becomes inside 1, the unprivileged OUTSIDE_ID; otherwise inside 0 is the grader's own user."""
    try:
        if os.geteuid() == 0:
            maps = {"uid_map": f"0 0 1\n1 {OUTSIDE_ID} 1\n", "gid_map": f"0 0 1\n1 {OUTSIDE_ID} 1\n"}
        else:
            Path(f"/proc/{pid}/setgroups").write_text("deny")
            maps = {"uid_map": f"0 {os.geteuid()} 1\n", "gid_map": f"0 {os.getegid()} 1\n"}
        for name, text in maps.items():
            Path(f"/proc/{pid}/{name}").write_text(text)
    except OSError:
        return False
    return True


class _Drain:
    """Reads a pipe to its end in the background, keeping only the first bytes."""

    def __init__(self, pipe, keep=65536):
        self._chunks, self._keep = [], keep
        self._thread = threading.Thread(target=self._run, args=(pipe,), daemon=True)
        self._thread.start()

    def _run(self, pipe):
        kept = 0
        with pipe:
            for chunk in iter(lambda: pipe.read1(65536), b""):
                if kept < self._keep:
                    self._chunks.append(chunk[: self._keep - kept])
                    kept += len(self._chunks[-1])

    def close(self):
        """Stop waiting for the pipe: a process that still holds it open must not stall the grader."""
        self._thread.join(timeout=1)

    def text(self):
        return b"".join(self._chunks).decode(errors="replace")
