"""The curriculum contract: every assignment and the names students implement.

Each name is one graded item. Its graded test cell has `grade_id` equal to
`item_id(name)` and its solution cell `item_id(name) + "_solution"`. The
course's base exercises are fixed by the course contract; the names in ADDED
go beyond it and are specified in docs/exercises.md.
"""

ASSIGNMENTS = {
    "gd2d": [
        "numerical_gradient", "relative_error",
        "grad_loss_2d", "hessian_loss_2d", "classify_critical_point",
        "gd_step", "gradient_descent", "predict_end_from_ridge",
        "max_stable_step_size", "predict_local_limit",
    ],
    "autodiff": [
        "forward_graph", "grad_f", "grad_tanh_loss", "autograd_tanh_loss",
        "shallow_narrow_grads", "train_shallow_narrow", "deep_narrow_grads",
        "predict_end_from_antidiagonal", "predict_layers_with_gradient",
    ],
    "linefit": [
        "l1_loss", "l1_line_grads", "grid_search", "train_line",
        "clip_grad_norm", "AutoClip", "predict_l1_gradient_at_fit", "predict_too_large_rates",
    ],
    "optimizers": [
        "GD", "ema", "ema_debiased", "ema_rms", "Momentum", "RMSProp", "Adam",
        "predict_momentum_on_slope", "predict_adam_first_step", "train_network",
    ],
    "init": [
        "layer_stats", "good_init_", "isometric_init", "predict_bad_init_learners", "predict_deeper_rate",
    ],
}

ADDED = {
    "gd2d": ["numerical_gradient", "relative_error", "predict_end_from_ridge", "predict_local_limit"],
    "autodiff": ["predict_end_from_antidiagonal", "predict_layers_with_gradient"],
    "linefit": ["predict_l1_gradient_at_fit", "predict_too_large_rates"],
    "optimizers": ["predict_momentum_on_slope", "predict_adam_first_step", "train_network"],
    "init": ["predict_bad_init_learners", "predict_deeper_rate"],
}


def item_id(name):
    """The grade_id of a name's graded test cell: `Adam` -> `adam`, `good_init_` -> `good_init`."""
    return name.lower().rstrip("_")


def solution_id(name):
    """The grade_id of a name's solution cell."""
    return item_id(name) + "_solution"
