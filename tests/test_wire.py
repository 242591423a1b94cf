"""Values cross the sandbox boundary as data and come back with their type, shape and dtype."""
import numpy as np
import pytest
import torch

from autograder.sandbox import wire


@pytest.mark.parametrize("value", [np.array(2.0), np.zeros((0, 3)), np.arange(6, dtype=np.float32).reshape(2, 3),
                                   np.float32(1.5), np.array([[1]], dtype=np.int64)])
def test_arrays_keep_shape_and_dtype(value):
    back = wire.decode(wire.encode(value))
    assert np.shape(back) == np.shape(value) and np.asarray(back).dtype == np.asarray(value).dtype
    assert np.array_equal(back, value)


@pytest.mark.parametrize("value", [torch.tensor(3.0), torch.ones(2, 1, dtype=torch.float64)])
def test_tensors_keep_shape(value):
    back = wire.decode(wire.encode(value))
    assert tuple(np.shape(getattr(back, "values", back))) == tuple(value.shape)


def test_containers_keep_their_kind():
    value = {"a": (1, 2.5, "x"), "b": [None, True], "c": {"n": 1}}
    assert wire.decode(wire.encode(value)) == value
