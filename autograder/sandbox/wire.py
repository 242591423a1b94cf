"""Data-only messages between the grader and the sandbox.

A message is JSON. Arrays travel as tagged base64 buffers, never as pickles,
so neither side can make the other run code by sending it data. The module
runs on both sides: it is also sent as source into the sandbox.
"""
import base64
import json
import struct
import sys

import numpy as np

MAX_MESSAGE = 64 * 2**20
MAX_TEXT = 4096  # characters of a string value; a longer one travels as a description
NUMERIC_KINDS = "biuf"


class Tensor(np.ndarray):
    """A decoded torch tensor: its values as an array, remembering it was a tensor."""

    torch_dtype = "torch.float32"
    requires_grad = False


class Opaque:
    """A value that cannot travel as data, described by its type and repr."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return f"<{self.type_name} {self.text}>"

    def __eq__(self, other):
        return isinstance(other, Opaque) and (self.type_name, self.text) == (other.type_name, other.text)


def _array(values):
    shape = list(np.shape(values))  # before ascontiguousarray, which makes 0-d arrays 1-d
    values = np.ascontiguousarray(values)
    return {"dtype": values.dtype.str, "shape": shape,
            "data": base64.b64encode(values.tobytes()).decode("ascii")}


def _unarray(tag):
    raw = base64.b64decode(tag["data"])
    return np.frombuffer(raw, dtype=np.dtype(tag["dtype"])).reshape(tag["shape"]).copy()


def encode(value, depth=0):
    """Turn a value into JSON-ready data; unknown objects become Opaque descriptions."""
    if depth > 20:
        return {"__opaque__": ["nested too deep", ""]}
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return {"__opaque__": ["str", f"{value[:200]!r}... ({len(value)} characters)"]}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value if abs(value) < 2**63 else float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in NUMERIC_KINDS:
        return {"__scalar__": _array(np.asarray(value))}
    if isinstance(value, np.ndarray) and value.dtype.kind in NUMERIC_KINDS:
        return {"__ndarray__": _array(value)}
    tensor = _tensor_data(value)
    if tensor is not None:
        return tensor
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v, depth + 1) for v in value]}
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"__dict__": {k: encode(v, depth + 1) for k, v in value.items()}}
    return {"__opaque__": [type(value).__name__, _short_repr(value)]}


def _tensor_data(value):
    torch = _torch()
    if torch is None or not isinstance(value, torch.Tensor):
        return None
    detached = value.detach()
    if detached.is_complex() or detached.layout != torch.strided:
        return {"__opaque__": ["Tensor", str(detached.dtype)]}
    if detached.dtype == torch.bfloat16 or detached.dtype == torch.float16:
        detached = detached.float()
    return {"__tensor__": _array(detached.cpu().numpy()), "dtype": str(value.dtype),
            "requires_grad": bool(value.requires_grad)}


def _torch():
    return sys.modules.get("torch")


def _short_repr(value):
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not break grading
        text = "?"
    return text[:200]


def decode(data, torch_tensors=False):
    """Inverse of encode; tensors come back as torch tensors or as `Tensor` arrays."""
    if isinstance(data, list):
        return [decode(v, torch_tensors) for v in data]
    if not isinstance(data, dict):
        return data
    if "__ndarray__" in data:
        return _unarray(data["__ndarray__"])
    if "__scalar__" in data:
        return _unarray(data["__scalar__"])[()]
    if "__tensor__" in data:
        return (_to_torch if torch_tensors else _to_array)(_unarray(data["__tensor__"]), data)
    if "__tuple__" in data:
        return tuple(decode(v, torch_tensors) for v in data["__tuple__"])
    if "__dict__" in data:
        return {k: decode(v, torch_tensors) for k, v in data["__dict__"].items()}
    if "__opaque__" in data:
        return Opaque(*data["__opaque__"])
    raise ValueError(f"unknown tag in message: {sorted(data)[:3]}")


def _to_array(values, tag):
    tensor = values.view(Tensor)
    tensor.torch_dtype, tensor.requires_grad = tag["dtype"], tag["requires_grad"]
    return tensor


def _to_torch(values, tag):
    import torch
    tensor = torch.from_numpy(values).to(getattr(torch, tag["dtype"].split(".")[-1]))
    return tensor.requires_grad_(tag["requires_grad"] and tensor.is_floating_point())


def pack(message):
    """Frame a message: 4-byte big-endian length, then JSON."""
    body = json.dumps(message).encode()
    if len(body) > MAX_MESSAGE:
        raise ValueError(f"message of {len(body)} bytes exceeds the limit of {MAX_MESSAGE}")
    return struct.pack(">I", len(body)) + body


def unpack_length(header):
    (length,) = struct.unpack(">I", header)
    if length > MAX_MESSAGE:
        raise ValueError(f"announced message of {length} bytes exceeds the limit")
    return length
