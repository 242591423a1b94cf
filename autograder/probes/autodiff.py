"""Probes of autodiff: batch calls, grade one function at a time, and watch autograd at work.

`grad_f` and `train_shallow_narrow` build on earlier exercises (`forward_graph`,
`shallow_narrow_grads`). These probes lend them correct versions for the call,
so each item is graded on its own code; the namespace is restored afterwards.
"""
import contextlib

import numpy as np
import torch


@contextlib.contextmanager
def lent(namespace, **names):
    """Temporarily replace names of the namespace (the previous state comes back, also absent names)."""
    missing = object()
    saved = {name: namespace.get(name, missing) for name in names}
    namespace.update(names)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def batch(namespace, name, calls):
    """namespace[name](*args) for each argument tuple of `calls`, in one round trip."""
    function = namespace[name]
    return [function(*args) for args in calls]


def _forward_graph(x, y, z):
    x, y, z = (np.asarray(v, dtype=np.float64) for v in (x, y, z))
    a = 2.0 * x
    b = np.sin(y)
    c = a / b
    d = z * c
    e = np.log(1.0 + d)
    nodes = {"a": a, "b": b, "c": c, "d": d, "e": e, "f": np.tanh(e)}
    return {key: float(value) if np.ndim(value) == 0 else value for key, value in nodes.items()}


def grad_f_at(namespace, points):
    """grad_f at each (x, y, z) of `points` (scalars or arrays), with a correct `forward_graph` lent."""
    with lent(namespace, forward_graph=_forward_graph):
        return batch(namespace, "grad_f", points)


def _mean_square_grads(w1, w2, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    dL_dproduct = -2.0 * np.mean((y - w1 * w2 * x) * x)
    return float(dL_dproduct * w2), float(dL_dproduct * w1)


def train_path(namespace, w1, w2, x, y, lr, steps):
    """train_shallow_narrow with a correct `shallow_narrow_grads` lent; over- and underflow are not reported."""
    with lent(namespace, shallow_narrow_grads=_mean_square_grads), np.errstate(all="ignore"):
        return namespace["train_shallow_narrow"](w1, w2, x, y, lr, steps)


def autograd_used(namespace, calls):
    """autograd_tanh_loss on each argument tuple: its results, and whether each ran a backward pass.

    A backward pass reads the tensors the forward pass saved; the hooks count those reads.
    torch.func refuses such hooks, and it is autograd too: then the call is repeated without them.
    """
    results, backward = [], []
    for args in calls:
        unpacked = []

        def unpack(saved):
            unpacked.append(1)
            return saved

        try:
            with torch.autograd.graph.saved_tensors_hooks(lambda saved: saved, unpack):
                results.append(namespace["autograd_tanh_loss"](*args))
        except RuntimeError as error:
            if "saved tensor hooks" not in str(error).lower():
                raise
            results.append(namespace["autograd_tanh_loss"](*args))
            unpacked.append(1)
        backward.append(bool(unpacked))
    return {"results": results, "backward": backward}
