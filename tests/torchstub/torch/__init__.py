"""A shape-only stand-in for PyTorch, to run generated model files where PyTorch cannot be installed.

It builds modules and their parameters as shapes (no arithmetic), so `state_dict()` gives every key with its
shape and dtype, and `parameters()` counts, exactly as torch.nn would for these module types.
"""
class Shape:
    def __init__(self, *shape, dtype="float32"):
        self.shape = tuple(shape)
        self.dtype = dtype

    def numel(self):
        n = 1
        for d in self.shape:
            n *= d
        return n


class _NoGrad:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def no_grad():
    return _NoGrad()


def zeros(*shape):
    return Shape(*shape)


def flatten(x, start_dim=0):
    return x


from . import nn  # noqa: E402,F401  (after Shape, which nn uses)
