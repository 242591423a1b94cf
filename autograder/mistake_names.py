"""The known mistakes a text names: the checks' feedback says "This is what happens when <mistake>"."""
import re

NAMED = re.compile(r"This is what happens when (.+)")


def named_mistakes(text):
    """The mistakes the text names, in order, each once, without the closing full stop."""
    return tuple(dict.fromkeys(found.strip().rstrip(".") for found in NAMED.findall(text)))
