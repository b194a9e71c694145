"""Both ends of the process that runs a learner's file.

The parent (``Child``) starts a fresh Python in its own process
group and session, in an empty scratch folder, with limits on memory,
file size and time, and sends it one request per case. The child
(``child``) loads the file with :mod:`mlp.check.forms`, calls what it
defines, and answers each request with plain numbers: JSON, never pickle.
Nothing the child says is a verdict; the parent judges the numbers. When
the parent is done, or a request runs out of time, the child and every
process it started are killed. An audit hook in the child refuses every
write outside its scratch folder (a defence against mistakes and casual
harm: code that loads its own machine code, through ctypes say, can go
around it, so the check is no substitute for an account of its own).

The protocol, one JSON object per line: the child says ``ready``, then
``loaded`` (the forms found and the notes) or ``load_error``; the parent
then sends ``{"id": i, "name": ..., "args": ...}`` and the child answers
``{"id": i, "returned": ..., "after": ...}`` or ``{"id": i, "raised": ...}``.
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

import numpy as np

from . import forms
from .judge import Opaque, Outcome, Raised, raised_from

#: The child's address space, in bytes: the file's arrays must fit in it.
MEMORY = 2 * 1024**3
#: The largest file the child may write.
FILE_SIZE = 16 * 1024**2
#: How much of the child's stderr is kept; the rest is read and dropped.
STDERR = 64 * 1024
#: The longest line the parent reads from the child.
LINE = 16 * 1024**2
#: Seconds for the child's Python and NumPy to start, before the file's time.
STARTUP = 60.0
#: The largest array the child sends back, in entries.
ENTRIES = 10**6
#: Whether this Python can start a child process: not on WASI or Emscripten,
#: the browser's platforms, where mlp.check runs the file in-process instead.
CAN_START = sys.platform not in ("wasi", "emscripten")

_BOOT = ("import sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1]); "
         "from mlp.check.sandbox import child; sys.exit(child(sys.argv[2:]))")


# -- values as JSON -------------------------------------------------------------


def encode(value, depth=0):
    """A value the learner's code returned, as JSON-safe data."""
    if value is None:
        return {"none": True}
    if isinstance(value, (tuple, list)) and depth < 3 and len(value) <= 100:
        return {"seq": [encode(v, depth + 1) for v in value], "tuple": isinstance(value, tuple)}
    try:
        arr = np.asarray(value)
        numbers = arr.dtype.kind in "biuf" and arr.size <= ENTRIES
    except Exception:  # the learner's object may refuse to become an array
        numbers = False
    if numbers:
        return {"array": arr.astype(float).tolist(), "shape": list(arr.shape)}
    try:
        text = repr(value)
    except Exception:
        text = f"a {type(value).__name__}"
    return {"opaque": type(value).__name__, "text": text[:200]}


def decode(data):
    """:func:`encode`'s data back as Python values (in the parent: no learner's code)."""
    if not isinstance(data, dict):
        raise ValueError("not an encoded value")
    if data.get("none"):
        return None
    if "seq" in data:
        items = [decode(v) for v in data["seq"]]
        return tuple(items) if data.get("tuple") else items
    if "array" in data:
        return np.array(data["array"], dtype=float).reshape(data["shape"])
    return Opaque(str(data.get("opaque")), str(data.get("text"))[:200])


def _encode_args(args):
    return {k: {"array": np.asarray(v, float).tolist(), "shape": list(np.shape(v)),
                "number": not isinstance(v, np.ndarray)} for k, v in args.items()}


def _decode_args(data):
    return {k: (float(v["array"]) if v["number"]
                else np.array(v["array"], dtype=float).reshape(v["shape"]))
            for k, v in data.items()}


# -- the child ---------------------------------------------------------------------


def _send(stream, **event):
    stream.write(json.dumps(event) + "\n")
    stream.flush()


_WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
#: Audit events that change a path, and how many of their arguments are paths.
_CHANGES = {"os.remove": 1, "os.rmdir": 1, "os.mkdir": 1, "os.truncate": 1, "os.chmod": 1,
            "os.chown": 1, "os.utime": 1, "shutil.rmtree": 1, "os.rename": 2, "os.link": 2,
            "os.symlink": 2}


def _guard(folder):
    """Refuse, from now on, every write to a file outside `folder` (an audit hook,
    which Python code cannot remove)."""
    folder = os.path.realpath(folder)

    def inside(path):
        if isinstance(path, int):
            return True  # an open file descriptor: nothing new is reached
        real = os.path.realpath(os.fsdecode(path))
        return real == folder or real.startswith(folder + os.sep)

    def refuse(path):
        raise PermissionError(f"mlp check lets the file write only in its scratch folder, "
                              f"not to {os.fsdecode(path)!r}")

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITES)
            if writing and path is not None and not inside(path):
                refuse(path)
        elif event in _CHANGES:
            for path in args[: _CHANGES[event]]:
                if isinstance(path, (str, bytes, os.PathLike)) and not inside(path):
                    refuse(path)

    sys.addaudithook(hook)


def child(argv):
    """The child's life: load the file, then answer requests until stdin closes."""
    path, names, budget = argv[0], argv[2:], float(argv[1])
    requests = os.fdopen(os.dup(0), "r")
    events = os.fdopen(os.dup(1), "w")
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, 0)  # input() reads nothing, and the learner's prints go nowhere
    os.dup2(quiet, 1)
    sys.path.append(os.path.dirname(os.path.abspath(path)))  # after the standard library
    np.seterr(all="ignore")
    _guard(os.getcwd())
    _send(events, event="ready")
    event, loaded, found = _load(path, names, budget)
    _send(events, **event)
    if loaded is None:
        return 0
    for line in requests:
        request = json.loads(line)
        _send(events, id=request["id"], **_answer(loaded, found, request, path))
    return 0


def _load(path, names, budget):
    """Load the file: the event that says how it went, the loaded file and its
    forms (None and None if it could not be loaded)."""
    try:
        loaded = forms.load(path, budget)
    except forms.LoadError as exc:
        return {"event": "load_error", "message": str(exc)}, None, None
    except BaseException as exc:  # anything else is the file's fault too
        return {"event": "load_error", "message": f"{type(exc).__name__}: {exc}"}, None, None
    found = forms.found(loaded, names)
    return {"event": "loaded", "found": found, "notes": loaded.notes}, loaded, found


def _answer(loaded, found, request, path):
    """The outcome of one request, as JSON-safe data."""
    name, args = request["name"], _decode_args(request["args"])
    try:
        if found[name] == "script":
            returned, after = forms.run_script(loaded, name, args, path)
        elif found[name].startswith("class "):
            _, form, class_name = found[name].split(" ", 2)
            drive = forms.drive_class_forward if name == "forward_pass" else forms.drive_class
            returned = drive(loaded.namespace[class_name], form, args)
            after = args
        else:
            after = {k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in args.items()}
            returned = loaded.namespace[name](*after.values())
        return {"returned": encode(returned), "after": {k: encode(v) for k, v in after.items()}}
    except BaseException as exc:  # whatever the learner's code raises is its outcome
        return {"raised": list(raised_from(exc, path))}


# -- the parent --------------------------------------------------------------------


def _limits():
    """Run in the child before Python starts: the limits of the sandbox."""
    import resource  # POSIX only: importing mlp needs it nowhere else (the browser's WASI has none)

    _subreaper()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE, FILE_SIZE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _subreaper():
    """Make the child adopt its orphans (Linux's PR_SET_CHILD_SUBREAPER, kept
    across exec), so that a process that forks twice and leaves its session is
    still among the child's descendants when they are killed."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the process group still holds
        pass


def _environment(scratch):
    """A small, fixed environment: one BLAS thread, no display, no user site, and
    the scratch folder as home, so that a library's caches land there."""
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "SYSTEMROOT") if k in os.environ}
    return dict(keep, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                MALLOC_ARENA_MAX="2", MPLBACKEND="Agg", PYTHONHASHSEED="0", HOME=scratch,
                MPLCONFIGDIR=scratch, XDG_CACHE_HOME=scratch, TMPDIR=scratch)


def _descendants(pid):
    """Every process whose chain of parents leads to `pid` (Linux's /proc)."""
    parents = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _kill(process):
    """Kill the child, its process group and everything it started."""
    for pid in _descendants(process.pid) | {process.pid}:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.wait()


def _pump(stream, lines, limit):
    """Move the child's lines into a queue; a line over `limit` is garbage."""
    try:
        while line := stream.readline(limit + 1):
            lines.put(line if len(line) <= limit else "\0")
    except (OSError, ValueError):
        pass
    lines.put(None)


def _drain(stream, kept):
    """Read the child's stderr to the end, keeping only its first bytes."""
    try:
        while chunk := stream.read(8192):
            if len(kept[0]) < STDERR:
                kept[0] += chunk[: STDERR - len(kept[0])]
    except (OSError, ValueError):
        pass


class Child:
    """A running child: start it, read its events, send it requests, kill it."""

    def __init__(self, path, names, time_limit):
        self.scratch = tempfile.mkdtemp(prefix="mlp-check-")
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        command = [sys.executable, "-I", "-c", _BOOT, root, os.path.abspath(path),
                   repr(time_limit), *names]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=self.scratch, env=_environment(self.scratch), start_new_session=True,
            preexec_fn=_limits, text=True, encoding="utf-8", errors="replace")
        self.lines, self.stderr = queue.Queue(), [""]
        threading.Thread(target=_pump, args=(self.process.stdout, self.lines, LINE),
                         daemon=True).start()
        threading.Thread(target=_drain, args=(self.process.stderr, self.stderr),
                         daemon=True).start()
        self.next_id = 0

    def event(self, timeout):
        """The next JSON object from the child; None if it exited; raises
        queue.Empty when `timeout` passes, ValueError for garbage."""
        line = self.lines.get(timeout=timeout)
        if line is None:
            return None
        event = json.loads(line)
        if not isinstance(event, dict):
            raise ValueError("not an event")
        return event

    def ask(self, name, args, timeout):
        """Send one case; the child's :class:`Outcome` of it."""
        self.next_id += 1
        try:
            self.process.stdin.write(json.dumps(
                {"id": self.next_id, "name": name, "args": _encode_args(args)}) + "\n")
            self.process.stdin.flush()
        except OSError:
            return None
        answer = self.event(timeout)
        if answer is None:
            return None
        if answer.get("id") != self.next_id:
            raise ValueError("an answer to another question")
        return _outcome(answer)

    def close(self):
        _kill(self.process)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass
        shutil.rmtree(self.scratch, ignore_errors=True)


def _outcome(answer):
    """An answer's data as an :class:`Outcome` (ValueError if it is malformed)."""
    if "raised" in answer:
        kind, bases, message, where = answer["raised"]
        return Outcome(raised=Raised(str(kind), tuple(map(str, bases)), str(message)[:500],
                                     str(where)))
    after = {k: decode(v) for k, v in answer["after"].items()}
    return Outcome(decode(answer["returned"]), after)
