"""Settings for the whole suite: hypothesis tries the same examples on every run, so CI repeats what ran here."""
from hypothesis import settings

from autograder.runner import declare_markers

settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.load_profile("repeatable")


def pytest_configure(config):
    """The markers of the hidden checks, which tests import."""
    declare_markers(config)
