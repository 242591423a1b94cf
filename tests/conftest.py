"""Settings for the whole suite: hypothesis tries the same examples on every run, so CI repeats what ran here."""
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.load_profile("repeatable")


def pytest_configure(config):
    """The marker of the hidden checks that tests import besides item and points (declared in pyproject)."""
    config.addinivalue_line("markers", "needs_values: a hidden check paid only when its item's value checks pass")
