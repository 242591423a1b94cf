"""What protects the grader from the code it runs, as the sandbox reported it at boot."""
import sys
from dataclasses import dataclass

NEEDED = {
    "namespaces": "user, pid and network namespaces (unprivileged user namespaces enabled)",
    "landlock": "Landlock (Linux 5.13 or newer, enabled in the kernel)",
    "seccomp": "a seccomp filter (libseccomp and the pyseccomp package)",
}


class Unprotected(Exception):
    """Isolation is missing and the code to grade was not declared trusted."""


@dataclass(frozen=True)
class Protections:
    """`active` and `missing` map each protection to a short description."""

    active: dict
    missing: dict
    landlock_abi: int

    def summary(self):
        on = ", ".join(self.active) or "none"
        off = "; missing: " + ", ".join(f"{k} ({v})" for k, v in self.missing.items()) if self.missing else ""
        return f"sandbox protections: {on} (Landlock ABI {self.landlock_abi}){off}"

    def require(self, trusted):
        """Raise Unprotected when something is missing, unless the code is trusted."""
        if self.missing and not trusted:
            raise Unprotected(self.summary() + ". Grading untrusted code without them is refused; "
                              "pass --trusted only for code you trust.")


def assess(report):
    """Protections from the base's boot report ({"landlock": abi, "missing": {name: reason}})."""
    missing = {name: f"{NEEDED[name]}: {reason}" for name, reason in report["missing"].items()}
    if not sys.platform.startswith("linux"):
        missing["platform"] = "Linux is needed for isolation"
    if report["landlock"] < 1:
        missing["landlock"] = NEEDED["landlock"]
    active = {name: NEEDED[name] for name in NEEDED if name not in missing}
    return Protections(active, missing, report["landlock"])
