"""Writes ONNX graphs of the exact Gaussian denoiser, one per network time convention, for the tests of
sampler-onnx, and exact-gaussian.json describing them (data law, schedule, time convention, names).

For data x0 ~ N(mu, Sigma) with Sigma = Q diag(l) Q^T and x = alpha x0 + sigma eps, the posterior is
Gaussian and every prediction is affine in x (Anderson 1982; see docs/onnx.md):

    E[x0 | x]  = mu + Q diag(alpha l / (alpha^2 l + sigma^2)) Q^T (x - alpha mu)
    E[eps | x] = Q diag(sigma / (alpha^2 l + sigma^2)) Q^T (x - alpha mu)

A graph receives the noisy sample (optionally multiplied by EDM's c_in) and the network time in one of
the conventions below, recovers (alpha, sigma) from that time alone, and returns the requested
prediction. The graphs are written with PyTorch's ONNX exporter, the same tooling as the training
scripts. Everything is seeded and closed-form, so a rerun writes the same numbers.

Run from the repository root:  /usr/bin/python3 tools/onnx/make_exact_gaussian.py
"""
import argparse
import json
import math
import os

import numpy as np
import torch
from torch import nn

DIM = 3
MEAN = [0.5, -1.0, 0.25]
EIGENVALUES = [2.0, 0.5, 0.05]
SIGMA_DATA = 0.5
VP_BETA0, VP_BETA1 = 0.1, 20.0
DDPM_BETA_START, DDPM_BETA_END, DDPM_STEPS = 1e-4, 0.02, 1000
# A variance channel base + slope * t (schedule time t), appended to the prediction by graphs with "variance"
VARIANCE_BASE = [-0.8, 0.9, 0.1]
VARIANCE_SLOPE = [0.5, -1.2, 0.6]


def rotation(dim):
    """A fixed rotation: the product of Givens rotations by angles 0.7, -0.4, 1.1 in the planes (0,1), (0,2), (1,2)."""
    q = np.eye(dim)
    for (i, j), a in zip([(0, 1), (0, 2), (1, 2)], [0.7, -0.4, 1.1]):
        g = np.eye(dim)
        g[i, i] = g[j, j] = math.cos(a)
        g[i, j], g[j, i] = -math.sin(a), math.sin(a)
        q = q @ g
    return q


def ddpm_log_alpha_table():
    """log alpha_n = 0.5 sum_{k<=n} log(1 - beta_k), summed in order, betas linear in float64."""
    betas = np.linspace(DDPM_BETA_START, DDPM_BETA_END, DDPM_STEPS, dtype=np.float64)
    return 0.5 * np.cumsum(np.log(1.0 - betas))


def one_minus_exp(y):
    """1 - e^y without cancellation for small |y| (ONNX has no expm1): a 5-term series below |y| = 1e-2."""
    series = -y * (1 + y / 2 * (1 + y / 3 * (1 + y / 4 * (1 + y / 5))))
    return torch.where(torch.abs(y) < 1e-2, series, 1 - torch.exp(y))


class ExactGaussian(nn.Module):
    """The exact prediction of Gaussian data; ``time`` and ``inputScaling`` select how inputs are read."""

    def __init__(self, time, schedule, prediction, input_scaling, dtype, conditional, variance=False):
        super().__init__()
        if variance and time != "t":
            raise ValueError("the variance channel is written for the time convention t")
        self.variance = variance
        if variance:
            self.register_buffer("vbase", torch.tensor(VARIANCE_BASE, dtype=dtype))
            self.register_buffer("vslope", torch.tensor(VARIANCE_SLOPE, dtype=dtype))
        q = rotation(DIM)
        self.register_buffer("q", torch.tensor(q, dtype=dtype))
        self.register_buffer("mean", torch.tensor(MEAN, dtype=dtype))
        self.register_buffer("eig", torch.tensor(EIGENVALUES, dtype=dtype))
        self.register_buffer("table", torch.tensor(ddpm_log_alpha_table(), dtype=dtype))
        self.time, self.schedule, self.prediction = time, schedule, prediction
        self.input_scaling, self.conditional = input_scaling, conditional

    def levels(self, tau):
        """(alpha, sigma, d alpha/dt, d sigma/dt) of the schedule at the network time tau."""
        if self.time == "index":
            n = tau
            j = torch.clamp(torch.floor(n), 0, DDPM_STEPS - 2)
            lo = self.table[j.long()]
            hi = self.table[j.long() + 1]
            log_alpha = lo + (n - j) * (hi - lo)
            alpha = torch.exp(log_alpha)
            return alpha, torch.sqrt(one_minus_exp(2 * log_alpha)), None, None
        if self.time == "sigma":
            rho = tau
        elif self.time == "c_noise":
            rho = torch.exp(4 * tau)
        else:
            t = tau / 1000 if self.time == "1000t" else tau
            if self.schedule == "vp-linear":
                log_alpha = -0.25 * t * t * (VP_BETA1 - VP_BETA0) - 0.5 * t * VP_BETA0
                alpha = torch.exp(log_alpha)
                return alpha, torch.sqrt(one_minus_exp(2 * log_alpha)), None, None
            if self.schedule == "flow-matching":
                return 1 - t, t, -torch.ones_like(t), torch.ones_like(t)
            raise ValueError(self.schedule)
        if self.schedule == "edm":
            return torch.ones_like(rho), rho, None, None
        if self.schedule == "vp-linear":
            alpha = 1 / torch.sqrt(1 + rho * rho)
            return alpha, rho * alpha, None, None
        raise ValueError(self.schedule)

    def forward(self, sample, tau, shift=None):
        tau = tau.to(self.mean.dtype)
        tau = tau.reshape(-1, 1) if tau.dim() > 0 else tau.reshape(1, 1)
        out = self.prediction_of(sample, tau, shift)
        if not self.variance:
            return out
        # diffusers' learned-variance UNets: prediction and variance channel concatenated along dimension 1
        return torch.cat([out, (self.vbase + self.vslope * tau).expand_as(out)], dim=1)

    def prediction_of(self, sample, tau, shift):
        alpha, sigma, dalpha, dsigma = self.levels(tau)
        x = sample
        if self.input_scaling == "edm":
            # the network was given c_in x / alpha with c_in = 1 / sqrt(rho^2 + sigma_data^2), rho = sigma / alpha
            rho = sigma / alpha
            x = sample * torch.sqrt(rho * rho + SIGMA_DATA ** 2) * alpha
        mean = self.mean + (shift if shift is not None else 0)
        r = (x - alpha * mean) @ self.q
        denom = alpha * alpha * self.eig + sigma * sigma
        x0 = mean + (r * (alpha * self.eig / denom)) @ self.q.T
        eps = (r * (sigma / denom)) @ self.q.T
        if self.prediction == "data":
            return x0
        if self.prediction == "noise":
            return eps
        if self.prediction == "velocity":
            return alpha * eps - sigma * x0
        if self.prediction == "flow":
            return dalpha * x0 + dsigma * eps
        raise ValueError(self.prediction)


CASES = [
    # name, schedule, time, prediction, inputScaling, dtype, options
    # options: variance (output [batch, 6]: prediction, then the channel base + slope * t),
    #          scalar (rank-0 time input), shift ("per-row" [batch, 3] or "whole" [3] extra input),
    #          batch (a fixed batch size instead of a dynamic one), timeType ("int64" time input)
    ("vp-linear-t-noise", "vp-linear", "t", "noise", "none", torch.float32, {}),
    ("vp-linear-t-noise-f64", "vp-linear", "t", "noise", "none", torch.float64, {}),
    ("vp-linear-1000t-velocity", "vp-linear", "1000t", "velocity", "none", torch.float32, {"scalar": True}),
    ("ddpm-index-noise", "vp-discrete", "index", "noise", "none", torch.float32, {}),
    ("vp-linear-sigma-data", "vp-linear", "sigma", "data", "none", torch.float32, {}),
    ("edm-cnoise-data", "edm", "c_noise", "data", "none", torch.float32, {}),
    ("edm-cnoise-cin-data", "edm", "c_noise", "data", "edm", torch.float32, {}),
    ("flow-t-flow", "flow-matching", "t", "flow", "none", torch.float32, {}),
    ("vp-linear-t-noise-cond", "vp-linear", "t", "noise", "none", torch.float32, {"shift": "per-row"}),
    ("vp-linear-t-noise-whole-shift", "vp-linear", "t", "noise", "none", torch.float32, {"shift": "whole"}),
    ("vp-linear-t-noise-batch8", "vp-linear", "t", "noise", "none", torch.float32, {"batch": 8}),
    ("ddpm-index-int64-noise", "vp-discrete", "index", "noise", "none", torch.float32, {"timeType": "int64"}),
    ("vp-linear-t-noise-variance", "vp-linear", "t", "noise", "none", torch.float32, {"variance": True}),
]

SCHEDULES = {
    "vp-linear": {"type": "vp-linear", "beta0": VP_BETA0, "beta1": VP_BETA1},
    "vp-discrete": {"type": "vp-discrete", "betaSchedule": "linear", "betaStart": DDPM_BETA_START,
                    "betaEnd": DDPM_BETA_END, "trainSteps": DDPM_STEPS},
    "edm": {"type": "edm"},
    "flow-matching": {"type": "flow-matching"},
}


class DropLast(nn.Module):
    """Broken on purpose: returns the sample without its last coordinate (output shape differs from the input)."""

    def forward(self, x, time):
        return x[:, :-1] * time.reshape(-1, 1)


class IntegerSample(nn.Module):
    """Broken on purpose: an int64 sample input."""

    def forward(self, x, time):
        return x.float() * time.reshape(-1, 1)


def write_broken_graphs(out_dir):
    """Graphs the adapter must reject when the model is built (tests of its error messages)."""
    broken = os.path.join(out_dir, "broken")
    os.makedirs(broken, exist_ok=True)
    t = torch.full((4,), 0.5)
    torch.onnx.export(DropLast(), (torch.zeros(4, DIM), t), os.path.join(broken, "output-shape.onnx"),
                      input_names=["x", "time"], output_names=["out"],
                      dynamic_axes={"x": {0: "batch"}, "time": {0: "batch"}, "out": {0: "batch"}}, opset_version=17)
    torch.onnx.export(DropLast(), (torch.zeros(4, DIM), t), os.path.join(broken, "dynamic-output-shape.onnx"),
                      input_names=["x", "time"], output_names=["out"],
                      dynamic_axes={"x": {0: "batch", 1: "dim"}, "time": {0: "batch"}, "out": {0: "batch", 1: "d"}},
                      opset_version=17)
    torch.onnx.export(IntegerSample(), (torch.zeros(4, DIM, dtype=torch.long), t),
                      os.path.join(broken, "int64-sample.onnx"), input_names=["x", "time"], output_names=["out"],
                      dynamic_axes={"x": {0: "batch"}, "time": {0: "batch"}, "out": {0: "batch"}}, opset_version=17)
    with open(os.path.join(broken, "not-a-model.onnx"), "wb") as f:
        f.write(b"this is not a protobuf ONNX model\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", default="sampler-onnx/src/test/resources/exact-gaussian")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    q = rotation(DIM)
    cov = q @ np.diag(EIGENVALUES) @ q.T
    cases = []
    for name, schedule, time, prediction, scaling, dtype, opts in CASES:
        module = ExactGaussian(time, schedule, prediction, scaling, dtype, "shift" in opts, opts.get("variance", False))
        rows = opts.get("batch", 4)
        time_dtype = torch.long if opts.get("timeType") == "int64" else dtype
        time_example = (torch.tensor(5, dtype=time_dtype) if opts.get("scalar")
                        else torch.full((rows,), 5, dtype=time_dtype))
        inputs = [torch.zeros(rows, DIM, dtype=dtype), time_example]
        names = ["x", "time"]
        axes = {"x": {0: "batch"}, "out": {0: "batch"}}
        if not opts.get("scalar"):
            axes["time"] = {0: "batch"}
        if "shift" in opts:
            per_row = opts["shift"] == "per-row"
            inputs.append(torch.zeros(rows, DIM, dtype=dtype) if per_row else torch.zeros(DIM, dtype=dtype))
            names.append("shift")
            if per_row:
                axes["shift"] = {0: "batch"}
        if "batch" in opts:
            axes = {}
        path = os.path.join(args.out_dir, name + ".onnx")
        module.eval()
        torch.onnx.export(module, tuple(inputs), path, input_names=names, output_names=["out"],
                          dynamic_axes=axes, opset_version=17)
        cases.append({"name": name, "file": name + ".onnx", "schedule": SCHEDULES[schedule], "time": time,
                      "prediction": prediction, "inputScaling": scaling, "sigmaData": SIGMA_DATA,
                      "dtype": "float64" if dtype == torch.float64 else "float32",
                      "timeShape": "scalar" if opts.get("scalar") else "per-sample",
                      "timeType": opts.get("timeType", "float64" if dtype == torch.float64 else "float32"),
                      "fixedBatch": opts.get("batch"),
                      "sampleInput": "x", "timeInput": "time", "output": "out",
                      "extraInput": "shift" if "shift" in opts else None, "extraInputShape": opts.get("shift"),
                      "varianceChannel": ({"base": VARIANCE_BASE, "slope": VARIANCE_SLOPE}
                                          if opts.get("variance") else None)})
    description = ("Exact Gaussian denoisers as ONNX graphs, written by tools/onnx/make_exact_gaussian.py. "
                   "Data law N(mean, covariance) with covariance = Q diag(eigenvalues) Q^T; each graph takes the "
                   "sample and the network time in its convention and returns the exact prediction. With an "
                   "extraInput, the data mean is mean + extraInput (one row per sample, or one for all if extraInputShape is "
                   "'whole'). A time input of type int64 receives the rounded network time; fixedBatch is a graph "
                   "batch size that cannot change. With a varianceChannel, the output is [batch, 2 * dim]: the "
                   "prediction, then the channel base + slope * t (as diffusers' learned-variance UNets).")
    with open(os.path.join(args.out_dir, "exact-gaussian.json"), "w") as f:
        json.dump({"description": description, "mean": MEAN, "eigenvalues": EIGENVALUES, "eigenvectors": q.tolist(),
                   "covariance": cov.tolist(), "cases": cases}, f, indent=2)
        f.write("\n")
    write_broken_graphs(args.out_dir)
    print("wrote", len(cases), "graphs and the broken ones to", args.out_dir)


if __name__ == "__main__":
    main()
