"""The init probes do what the feedback says they do."""
import numpy as np
import torch

from autograder.probes import init as probes
from autograder.reference import init as reference

NAMESPACE = vars(reference)


def test_training_probe_is_run_training_with_torch_adam_after_the_bad_ramp():
    def start(mlp):
        reference.bad_init_(mlp)
        reference.good_init_(mlp)

    seeds, steps = (0, 1), 20
    expected = [reference.run_training(torch.optim.Adam, 0.01, steps=steps, batch_size=256, seed=seed, init=start)[0]
                for seed in seeds]
    np.testing.assert_allclose(probes.training(NAMESPACE, "good_init_", seeds, steps), expected, rtol=1e-5)


def test_tower_names_its_linear_layers_at_several_depths():
    names = [name for name, module in probes.Tower().named_modules() if isinstance(module, torch.nn.Linear)]
    assert names == ["0", "2.0", "3"]
