"""The isolated process tree in which student code runs.

process.py  the grader's side (trusted): start, load cells, calls with time limits
child.py    the runtime inside the sandbox
confine.py  resource limits and Landlock, applied inside before student code runs
wire.py     data-only messages, used on both sides
"""
