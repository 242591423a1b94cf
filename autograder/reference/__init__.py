"""Reference implementations, one module per assignment, named as in the notebooks.

Each takes the given code from `given/<assignment>.py`, which the build writes from the release's
setup cells (autograder/given.py).
"""
