"""Shared helpers of the training scripts: seeding, the sinusoidal time embedding, ONNX export."""
import math
import random

import numpy as np
import torch
from torch import nn


def seed_everything(seed):
    """Seeds every generator and pins torch to one thread, so a rerun repeats the loss curve bit for bit."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


class TimeEmbedding(nn.Module):
    """Sinusoidal features of a scalar time (Vaswani et al. 2017, section 3.5), one row per sample.

    ``scale`` multiplies the time first, so a network whose time lives in [0, 1] sees the same
    frequency range as one whose time is a training index in [0, 1000).
    """

    def __init__(self, dim, scale=1.0, max_period=10000.0):
        super().__init__()
        half = dim // 2
        freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
        self.register_buffer("freqs", freqs)
        self.scale = scale

    def forward(self, t):
        args = (t.reshape(-1, 1) * self.scale) * self.freqs.reshape(1, -1)
        return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


def export(module, example_inputs, input_names, output_names, path, dynamic_axes):
    """Exports ``module`` in eval mode to ONNX opset 17 and checks the file with the ONNX checker."""
    import onnx
    module.eval()
    torch.onnx.export(module, example_inputs, path, input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, opset_version=17, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def count_parameters(module):
    return sum(p.numel() for p in module.parameters())
