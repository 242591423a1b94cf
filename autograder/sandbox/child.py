"""The runtime inside the sandbox: runs cells and answers calls and probes.

Processes form a tree: the base (torch imported, no student code) forks, for
each submission, a keeper that creates the submission's namespaces and forks
the notebook process, the init of its own pid namespace, confined in a
nested domain (the notebook's setup and solution cells executed); that
forks one short-lived worker per check. A parent waits while its child
serves, then reports how the child ended, so a check that hangs, exits or
crashes takes only its worker with it, and a submission takes all its
processes with it. Runs inside the sandbox: it is sent there as source, with
`isolate`, `confine`, `wire`, `guards` and `probes`.
"""
import builtins
import collections.abc
import functools
import json
import linecache
import os
import signal
import socket
import traceback

import confine
import guards
import isolate
import wire
from shortcuts import strip_magics  # the same stripping as the grader's scan


class Channel:
    """Framed messages over a socket (`rfd` and `wfd` are then the same descriptor)."""

    def __init__(self, rfd, wfd):
        self.rfd, self.wfd = rfd, wfd

    def send(self, message):
        if os.getpid() != OWNER[0]:
            os._exit(0)  # a process forked by student code never speaks for the sandbox
        data = wire.pack(message)
        while data:
            data = data[os.write(self.wfd, data):]

    def recv(self):
        header = self._read(4)
        return None if header is None else json.loads(self._read(wire.unpack_length(header)))

    def _read(self, n):
        chunks = b""
        while len(chunks) < n:
            chunk = os.read(self.rfd, n - len(chunks))
            if not chunk:
                return None
            chunks += chunk
        return chunks


def describe_exception(exc):
    """Type, message and the student's own frames (cells), nothing of the runtime."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    return {
        "type": type(exc).__name__,
        "message": _safe_str(exc)[:500],
        "frames": [[f.filename[6:-1], f.lineno, (f.line or "").strip()[:200]] for f in frames[-5:]],
    }


def _safe_str(exc):
    try:
        return str(exc)
    except Exception:
        return "(the exception could not be shown)"


def run_cell(namespace, cell_id, source):
    filename = f"<cell {cell_id}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        exec(compile(strip_magics(source), filename, "exec"), namespace)
    except BaseException as exc:  # noqa: B036 - SystemExit from a cell is the student's error
        return {"error": describe_exception(exc)}
    finally:
        reset_process_state()
    return {"ok": True}


def run_given(cell_id, source):
    """Run a setup cell in the given code's own namespace and bind its names in the notebook's; a setup cell
    that needs the student's names runs, unprotected, in the notebook's namespace instead."""
    GIVEN_GUARD.restore(GIVEN)  # as earlier setup cells left it, whatever solution cells since did to it
    reply = run_cell(GIVEN, cell_id, source)
    if "error" in reply:
        return run_cell(NAMESPACE, cell_id, source)
    GIVEN_GUARD.remember(GIVEN)
    GIVEN_GUARD.restore(NAMESPACE)
    return reply


def reset_process_state():
    """Undo what a cell may leave behind: patched libraries, and timers that would end the process later."""
    GUARD[0].restore()
    for timer in (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF):
        signal.setitimer(timer, 0)


def armed(handler):
    """Run a request with the tripwires of its exercise's forbidden routines armed."""
    def run(namespace, message):
        GIVEN_GUARD.restore(GIVEN, namespace)
        tripped = []
        with guards.tripwires(message.get("forbid"), tripped, notify=_report_trip):
            reply = handler(namespace, message)
        if tripped:
            reply["tripped"] = sorted(set(tripped))
        return reply
    return run


def _report_trip(label):
    """Tell the grader at once, before student code regains control, that a forbidden routine was called."""
    CHANNEL[0].send({"event": "tripped", "routine": label})


@armed
def call(namespace, message):
    """Call a name of the notebook; report the result and which arguments it changed."""
    args = [wire.decode(a, torch_tensors=True) for a in message["args"]]
    kwargs = {k: wire.decode(v, torch_tensors=True) for k, v in message["kwargs"].items()}
    before = [wire.encode(a) for a in args]
    function = namespace.get(message["name"])
    if function is None:
        return {"error": {"type": "NameError", "frames": [],
                          "message": f"name '{message['name']}' is not defined"}}
    try:
        result = function(*args, **kwargs)
    except BaseException as exc:  # noqa: B036 - sys.exit inside student code is its error
        return {"error": describe_exception(exc)}
    finally:
        take_back_control()
    mutated = [i for i, (a, b) in enumerate(zip(args, before)) if wire.encode(a) != b]
    return {"result": wire.encode(result), "mutated": mutated}


@armed
def probe(namespace, message):
    import importlib
    module, _, function = message["probe"].rpartition(".")
    args = [wire.decode(a) for a in message["args"]]
    kwargs = {k: wire.decode(v) for k, v in message["kwargs"].items()}
    try:
        result = getattr(importlib.import_module("probes" + (f".{module}" if module else "")),
                         function)(ProbeView(namespace, GIVEN_GUARD.names), *args, **kwargs)
    except BaseException as exc:  # noqa: B036
        return {"error": describe_exception(exc)}
    finally:
        take_back_control()
    return {"result": wire.encode(result)}


class ProbeView(collections.abc.MutableMapping):
    """The notebook as a probe sees it: a given name is the given code's own object, whatever student code
    binds to it while the probe runs; any other name, and every write, is the notebook's namespace."""

    def __init__(self, namespace, given):
        self.namespace, self.given = namespace, given

    def __getitem__(self, name):
        return self.given[name] if name in self.given else self.namespace[name]

    def __setitem__(self, name, value):
        self.namespace[name] = value

    def __delitem__(self, name):
        del self.namespace[name]

    def __iter__(self):
        return iter(self.namespace)

    def __len__(self):
        return len(self.namespace)


def take_back_control():
    """After student code: the report that follows runs the sandbox's own code, alone.

    Threads the student code left running could patch what the report uses;
    the process then goes on in a forked copy that has only this thread (the
    original waits and ends with it). The sandbox's modules and code objects
    are put back.
    """
    if len(os.listdir("/proc/self/task")) > 1:
        pid = os.fork()
        if pid:
            _, status = os.waitpid(pid, 0)
            os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)
        OWNER[0] = os.getpid()
    GUARD[0].restore()


def describe_status(status):
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return {"signal": signal.Signals(number).name if number in signal.Signals._value2member_map_
                else str(number)}
    return {"code": os.WEXITSTATUS(status)}


def end_strays():
    """In the init of a submission's pid namespace: end every other process of it (fork storms, daemons)."""
    if os.getpid() != 1:
        return
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def fork_level(channel):
    """Fork a worker that serves until told to exit; report how it ended."""
    pid = os.fork()
    if pid == 0:
        OWNER[0] = os.getpid()
        os.setpgid(0, 0)
        reset_process_state()
        channel.send({"event": "forked", "pid": os.getpid()})
        serve(channel)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    end_strays()
    channel.send({"event": "exited", "pid": pid, **describe_status(status)})


NAMESPACE = {"__name__": "__main__", "__builtins__": builtins}
GIVEN = {"__name__": "__main__", "__builtins__": builtins}  # the setup cells' own namespace
GIVEN_GUARD = guards.GivenGuard()
OWNER = [os.getpid()]  # the sandbox process this copy of the runtime belongs to
GUARD = [None]
CHANNEL = [None]  # the channel this process serves
MISSING = {}  # protections this system lacks, by name


def serve(channel):
    CHANNEL[0] = channel
    while True:
        message = channel.recv()
        if message is None or message["op"] == "exit":
            os._exit(0)
        op = message["op"]
        if op == "fork":
            fork_level(channel)
        elif op == "exec":
            run = run_given if message.get("given") else functools.partial(run_cell, NAMESPACE)
            channel.send(run(message["cell_id"], message["source"]))
        elif op == "call":
            channel.send(_answer(call, message))
        elif op == "probe":
            channel.send(_answer(probe, message))


def _answer(handler, message):
    try:
        reply = handler(NAMESPACE, message)
        wire.pack(reply)
    except Exception as exc:  # an unencodable or oversized result
        return {"error": {"type": "GradingError", "message": f"the result could not be sent back: {exc}",
                          "frames": []}}
    return reply


def open_submission(socket_fd, workdir, paths):
    """In a keeper forked from the base: make the submission's domain, serve it, report how it ended."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    OWNER[0] = os.getpid()
    channel = Channel(socket_fd, socket_fd)
    if "namespaces" not in MISSING:
        isolate.enter_submission_namespaces()
    pid = os.fork()
    if pid == 0:
        confine_submission(socket_fd, workdir, paths)
        OWNER[0] = os.getpid()
        reset_process_state()
        serve(channel)
        os._exit(0)
    channel.send({"event": "forked", "pid": pid})
    _, status = os.waitpid(pid, 0)
    channel.send({"event": "exited", "pid": pid, **describe_status(status)})


def confine_submission(socket_fd, workdir, paths):
    """Before any of the submission's code: only its socket open, writes only to its folder, no privileges."""
    os.setsid()
    os.chdir(workdir)
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, socket_fd)
    os.closerange(socket_fd + 1, 65536)
    for name in ("HOME", "TMPDIR", "MPLCONFIGDIR", "XDG_CACHE_HOME"):
        os.environ[name] = workdir
    confine.landlock(paths["read_paths"], [workdir], paths["devices"])  # nested in the base's domain
    isolate.drop_privileges()
    if "seccomp" not in MISSING:
        isolate.filter_system_calls()


def main(control, boot, protections):
    """The base: report what protects, then open one submission domain at a time."""
    GUARD[0] = guards.LibraryGuard()
    OWNER[0] = os.getpid()
    MISSING.update(protections["missing"])
    control.sendall(wire.pack({"event": "ready", "pid": os.getpid(), "protections": protections}))
    reader = Channel(control.fileno(), control.fileno())
    while True:
        header, fds, _, _ = socket.recv_fds(control, 4, 1)  # the submission's socket comes with the header
        body = reader._read(wire.unpack_length(header)) if len(header) == 4 else None
        if body is None:
            os._exit(0)
        message = json.loads(body)
        if message.get("op") != "submission" or len(fds) != 1:
            os._exit(4)
        pid = os.fork()
        if pid == 0:
            control.close()
            open_submission(fds[0], message["workdir"], boot["paths"])
            os._exit(0)
        os.close(fds[0])
        os.waitpid(pid, 0)
