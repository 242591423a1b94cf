"""The runtime inside the sandbox: runs cells and answers calls and probes.

Processes form a tree, each level forked from the one below on request:
the base (torch imported, no student code), a notebook process (the
notebook's setup and solution cells executed), and one short-lived worker per
check. A level waits while its child serves, then reports how the child
ended, so a check that hangs, exits or crashes takes only its worker with it.
Runs inside the sandbox: it is sent there as source, with `wire`, `guards` and `probes`.
"""
import builtins
import ctypes
import json
import linecache
import os
import signal
import sys
import traceback

import guards
import wire

PR_SET_CHILD_SUBREAPER = 36


class Channel:
    """Framed messages over a pair of pipe file descriptors."""

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


def strip_magics(source):
    """IPython magics and shell escapes are not Python; they do nothing here."""
    lines = source.splitlines()
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) and not line.startswith((" ", "\t"))
                     else line for line in lines)


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


def reset_process_state():
    """Undo what a cell may leave behind: patched libraries, and timers that would end the process later."""
    GUARD[0].restore()
    for timer in (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF):
        signal.setitimer(timer, 0)


def armed(handler):
    """Run a request with the tripwires of its exercise's forbidden routines armed."""
    def run(namespace, message):
        tripped = []
        with guards.tripwires(message.get("forbid"), tripped):
            reply = handler(namespace, message)
        if tripped:
            reply["tripped"] = sorted(set(tripped))
        return reply
    return run


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
                         function)(namespace, *args, **kwargs)
    except BaseException as exc:  # noqa: B036
        return {"error": describe_exception(exc)}
    return {"result": wire.encode(result)}


def describe_status(status):
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return {"signal": signal.Signals(number).name if number in signal.Signals._value2member_map_
                else str(number)}
    return {"code": os.WEXITSTATUS(status)}


def reap_strays():
    """Kill and reap descendants orphaned to this process (fork storms, daemons)."""
    for _ in range(100):
        strays = _children()
        if not strays:
            return
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _children():
    pids = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as handle:
                pids += [int(p) for p in handle.read().split()]
        except OSError:
            pass
    return pids


def fork_level(channel):
    """Fork a child level that serves until told to exit; report how it ended."""
    pid = os.fork()
    if pid == 0:
        OWNER[0] = os.getpid()
        os.setpgid(0, 0)
        become_subreaper()
        reset_process_state()
        channel.send({"event": "forked", "pid": os.getpid()})
        serve(channel)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    reap_strays()
    channel.send({"event": "exited", "pid": pid, **describe_status(status)})


NAMESPACE = {"__name__": "__main__", "__builtins__": builtins}
OWNER = [os.getpid()]  # the sandbox process this copy of the runtime belongs to
GUARD = [None]


def serve(channel):
    while True:
        message = channel.recv()
        if message is None or message["op"] == "exit":
            os._exit(0)
        op = message["op"]
        if op == "fork":
            fork_level(channel)
        elif op == "exec":
            channel.send(run_cell(NAMESPACE, message["cell_id"], message["source"]))
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


def become_subreaper():
    """Orphaned descendants are re-parented here, so reap_strays can end them."""
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def main(rfd, wfd):
    become_subreaper()
    GUARD[0] = guards.LibraryGuard()
    channel = Channel(rfd, wfd)
    channel.send({"event": "ready", "pid": os.getpid()})
    serve(channel)
    sys.exit(0)
