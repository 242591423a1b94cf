"""Reference implementations, one module per assignment, named as in the notebooks."""
