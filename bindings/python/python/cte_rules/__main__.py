"""The ``cte-rules`` command, from the Python package.

``pip install cte-rules`` puts ``cte-rules`` on ``PATH`` (this module's
:func:`main`), and ``python -m cte_rules`` runs it too. It is the Rust command
line itself, run in this process by the extension module, so output, exit
statuses and error lines are those of the ``cte-rules`` binary, byte for byte.
"""

from __future__ import annotations

import signal
import sys

from cte_rules._native import run_cli


def main() -> int:
    """Entry point of the ``cte-rules`` console script: runs ``sys.argv`` and
    returns the exit status, for the script to exit with."""
    # Ctrl-C stops the binary at once; Python's own handler would only raise
    # KeyboardInterrupt once the whole batch had run in native code.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Rust writes to the file descriptors directly: nothing of Python's may be
    # left in a buffer to come out after (or never).
    sys.stdout.flush()
    sys.stderr.flush()
    return run_cli(sys.argv)


if __name__ == "__main__":
    # `python -m cte_rules`: argv[0] is this file's path; name the command as
    # the binary does, in its usage lines.
    sys.argv[0] = "cte-rules"
    sys.exit(main())
