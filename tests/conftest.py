"""Settings for the whole suite: hypothesis tries the same examples on every run, so CI repeats what ran here."""
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.load_profile("repeatable")
