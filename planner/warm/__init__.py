"""The warm planner: ``agenda``, ``list`` and ``trips`` run in a fork of a process that has imported the planner already.

Why: a first run of ``planner list`` over 30 days of a 10,000-event trip took
about 140 ms, of which some 50 ms went to starting Python's standard modules
and the planner's own (argparse, pathlib, dataclasses, zoneinfo, the model,
the layout) before any work. A C program such as calcurse answers in about
75 ms. Kept answers (:mod:`planner.storage.answers`) print a repeated command
again, but the first run of a new day, a new window or after an edit paid all
of it. Mercurial's ``chg`` solved the same problem the same way: a server
process imports everything once and forks a child per command, and the child
gets the caller's standard input, output and error themselves (passed over a
Unix socket), its arguments, working folder, environment and umask; so it is
the same command, run as if started afresh, writing to the same terminal or
pipe, minus the imports.

* :mod:`planner.warm.client`: what the ``planner`` command does (in
  :mod:`planner.launch`): ask a running warm process to run the command, else
  run it itself and start one for next time. It imports only built-in modules.
* :mod:`planner.warm.server`: the warm process: imports, listens, forks.

The process is this user's alone (a private folder, a socket only its owner
may open, the peer's user id checked), serves only the Python, the planner
code and the settings it was started with (a changed module, another Python
or another locale means another process), and ends after
:data:`~planner.warm.client.IDLE_SECONDS` without a command, or as soon as its
socket is removed or replaced. It holds no trip and no time-zone data (each
child reads them), only imported code. ``PLANNER_WARM=off`` (or
``PLANNER_CACHE=off``) turns it off; it is used on Linux only, where it is
tested.

This package must stay light: :mod:`planner.launch` imports its client on
every run.
"""
