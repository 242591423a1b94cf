"""Namespaces, identities, capabilities and the system call filter of the sandbox.

The base enters its own user, mount and network namespaces at boot: no
network at all, the autograder's files hidden, and under a root grader an
unprivileged identity. Each submission then gets a domain of its own, below
the warm base: a new user and pid namespace (all its processes end with it),
a nested Landlock domain, no capabilities, and a seccomp filter (libseccomp)
that refuses tracing, other processes' memory, sockets, namespaces, mounts
and program execution. Runs inside the sandbox: it is sent there as source.
"""
import ctypes
import errno
import os
import stat

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x10000000, 0x20000000, 0x40000000
CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWCGROUP = 0x4000000, 0x8000000, 0x2000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 4, 24, 47, 4
CAPABILITY_VERSION_3 = 0x20080522
SANDBOX_UID = 1  # the identity inside the base's user namespace that student code has under a root grader

REFUSED = [  # system calls that student code has no business making
    "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "pidfd_getfd", "kcmp",
    "socket", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree",
    "fsopen", "fsmount", "fsconfig", "fspick", "mount_setattr", "execve", "execveat", "bpf",
    "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "reboot", "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "adjtimex",
    "clock_adjtime", "syslog", "quotactl", "lookup_dcookie", "name_to_handle_at", "open_by_handle_at",
    "iopl", "ioperm", "vhangup", "personality", "migrate_pages", "move_pages",
]

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result, what):
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def unshare(flags):
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


# -- the base -------------------------------------------------------------

def enter_base_namespaces():
    """New user, mount and network namespaces for the whole sandbox; must run single-threaded."""
    unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC)


def _mount(source, target, fstype, flags, data=None):
    _check(_libc.mount(source, str(target).encode(), fstype, ctypes.c_ulong(flags), data), f"mount {target}")


def arrange_files(readable, hidden, staging):
    """In the base's mount namespace: make `readable` reachable by the sandbox's identity, empty `hidden`.

    A folder on the way to a readable path that others may not enter (a 0700
    home holding the Python installation) is covered by an empty tmpfs into
    which only the needed children are bound back. Each hidden folder is
    covered by an empty read-only tmpfs.
    """
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    for _ in range(8):
        closed = _closed_ancestors(readable)
        if not closed:
            break
        for ancestor, children in closed.items():
            _reopen(ancestor, children, staging)
    for folder in hidden:
        if os.path.isdir(folder):
            _mount(b"tmpfs", folder, b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, b"size=4k,mode=0555")


def _closed_ancestors(paths):
    """{folder others cannot enter: names of its children on the way to `paths`}, outermost first."""
    closed = {}
    for path in paths:
        parts = os.path.abspath(path).split("/")[1:]
        for depth in range(len(parts)):
            folder = "/" + "/".join(parts[:depth])
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                closed.setdefault(folder, set()).add(parts[depth])
                break
    return dict(sorted(closed.items(), key=lambda entry: entry[0].count("/"))[:1])


def _reopen(folder, children, staging):
    saved = []
    for child in sorted(children):
        keep = os.path.join(staging, f"keep-{len(os.listdir(staging))}")
        os.mkdir(keep)
        _mount(os.path.join(folder, child).encode(), keep, None, MS_BIND | MS_REC)
        saved.append((child, keep))
    _mount(b"tmpfs", folder, b"tmpfs", MS_NOSUID | MS_NODEV, b"size=64k,mode=0755")
    for child, keep in saved:
        os.mkdir(os.path.join(folder, child))
        _mount(keep.encode(), os.path.join(folder, child), None, MS_BIND | MS_REC)
        _check(_libc.umount2(keep.encode(), ctypes.c_int(MNT_DETACH)), f"umount {keep}")
        os.rmdir(keep)


def become_sandbox_user():
    """Take the unprivileged identity the grader mapped for the sandbox (root graders only)."""
    os.setgroups([])
    os.setresgid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)
    os.setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)
    _check(_libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), "prctl(PR_SET_DUMPABLE)")  # the uid change cleared it


# -- one submission ---------------------------------------------------------

def enter_submission_namespaces():
    """A user and pid namespace of its own; the next fork is its init, and all its processes end with it."""
    uid, gid = os.geteuid(), os.getegid()
    unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWIPC)
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)


def drop_privileges():
    """No capabilities, now or after any exec, and no debugger may attach to this process."""
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == errno.EINVAL:
            break
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    _check(_libc.capset(header, data), "capset")
    _check(_libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE)")


def filter_system_calls():
    """Refuse the REFUSED calls (EPERM) and namespace flags in clone; clone3 looks absent (ENOSYS)."""
    import pyseccomp as seccomp
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in REFUSED:
        try:
            rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (ValueError, RuntimeError, OSError):
            pass  # a call this architecture does not have
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    for flag in (CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWUTS, CLONE_NEWIPC,
                 CLONE_NEWCGROUP):
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    rules.load()
