"""The known mistake a check's message names: the checks' feedback says "This is what happens when <mistake>"."""
import re

NAMED = re.compile(r"This is what happens when (.+)")


def named_mistake(message):
    """The first mistake the message names, without the closing full stop; None when it names none."""
    found = NAMED.search(message)
    return found[1].strip().rstrip(".") if found else None
