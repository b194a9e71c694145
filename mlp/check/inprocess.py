"""The learner's file run in this Python, where no second process can start.

The browser's Python (CPython on WASI, behind the pages' Run buttons) has
no processes to start, so there :func:`mlp.check.file` uses ``InProcess``
instead of the child process of :mod:`mlp.check.sandbox`: the same
requests and answers, through the same JSON and the same code on both
ends, so that every verdict is the one a child process gives. What it
cannot give are the sandbox's limits: nothing bounds the file's memory,
refuses its writes or stops a function that never returns (its loading is
still timed where the platform has a timer). It still runs the file in an
empty scratch folder, with its prints and ``input()`` kept away.
"""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile

import numpy as np

from . import sandbox


def _through_json(data):
    """`data` as the other end of the child's channel would read it."""
    return json.loads(json.dumps(data))


class InProcess:
    """The file loaded into this Python, answering as a child would; the
    ``timeout`` of :meth:`event` and :meth:`ask` cannot be kept here."""

    def __init__(self, path, names, time_limit):
        self.path, self.names, self.time_limit = os.path.abspath(path), names, time_limit
        self.scratch = tempfile.mkdtemp(prefix="mlp-check-")
        self.started = False
        self.loaded = self.found = None

    @contextlib.contextmanager
    def _apart(self):
        """The child's surroundings while the file runs: the scratch folder as
        the working directory, the file's folder at the end of the path, its
        prints discarded, ``input()`` at the end of its input, and NumPy's
        floating-point warnings off."""
        cwd, path, stdin = os.getcwd(), list(sys.path), sys.stdin
        os.chdir(self.scratch)
        sys.path.append(os.path.dirname(self.path))
        sys.stdin = io.StringIO()
        quiet = io.StringIO()
        try:
            with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), \
                    np.errstate(all="ignore"):
                yield
        finally:
            os.chdir(cwd)
            sys.path[:], sys.stdin = path, stdin

    def event(self, timeout):
        """The events a child sends: that it is ready, then how loading went."""
        if not self.started:
            self.started = True
            return {"event": "ready"}
        with self._apart():
            event, self.loaded, self.found = sandbox._load(self.path, self.names,
                                                           self.time_limit)
        return _through_json(event)

    def ask(self, name, args, timeout):
        """One case's :class:`~mlp.check.judge.Outcome`, as a child answers it."""
        request = _through_json({"name": name, "args": sandbox._encode_args(args)})
        with self._apart():
            answer = sandbox._answer(self.loaded, self.found, request, self.path)
        return sandbox._outcome(_through_json(answer))

    def close(self):
        if self.loaded is not None and sys.modules.get("solution") is not None \
                and sys.modules["solution"].__dict__ is self.loaded.namespace:
            del sys.modules["solution"]
        shutil.rmtree(self.scratch, ignore_errors=True)
