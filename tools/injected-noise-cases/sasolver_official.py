#!/usr/bin/env python3
"""Injected-noise conformance cases for diffusers' SASolverScheduler, computed by diffusers' own scheduler file.

Unlike generate.py (a restatement in numpy), this script runs the official `scheduling_sasolver.py` itself: the
file is loaded from the path given on the command line, with its float32 tensors read as float64 (as the public
set's float64 patch does) and its four package imports answered by the small stand-ins below (configuration
storage, a no-op deprecation notice, the output record, and `randn_tensor`, which hands out the case's stored
normals instead of torch's stream). Everything the scheduler computes -- timesteps, sigmas, Lagrange and
exponential-integral coefficients, predictor and corrector, warm-up and lower-order-final rules, the tau window --
is the file's own code. The model is the exact noise / data / v prediction of the case's Gaussian data at the
integer timestep, on the alpha-bars the scheduler itself built.

Usage:
  /usr/bin/python3 tools/injected-noise-cases/sasolver_official.py PATH/TO/scheduling_sasolver.py [REFERENCE_DIR]
PATH is src/diffusers/schedulers/scheduling_sasolver.py of a diffusers checkout (cases committed with the file of
commit 034b914b28fa3a653f0857fe5b6892e01983f639); REFERENCE_DIR defaults to
sampler-bench/reference/src/main/resources/reference. Needs numpy and torch (Debian python3-torch).
"""
import dataclasses
import enum
import functools
import inspect
import os
import sys
import types

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402  (the shared model, case layout and noise helpers)

SASOLVER_COMMIT = "034b914b28fa3a653f0857fe5b6892e01983f639"
SASOLVER_FILE = "src/diffusers/schedulers/scheduling_sasolver.py"


# ---------------------------------------------------------------- stand-ins for the file's package imports

class _Config(dict):
    """The registered constructor arguments, readable as attributes (diffusers' FrozenDict)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e


class ConfigMixin:
    pass


def register_to_config(init):
    """Stores every constructor argument (defaults included) as `self.config`, then runs the constructor."""
    signature = inspect.signature(init)

    @functools.wraps(init)
    def wrapped(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        self.config = _Config((k, v) for k, v in bound.arguments.items() if k != "self")
        init(self, *args, **kwargs)

    return wrapped


class KarrasDiffusionSchedulers(enum.Enum):
    SASolverScheduler = 1


class SchedulerMixin:
    pass


@dataclasses.dataclass
class SchedulerOutput:
    prev_sample: torch.Tensor


class InjectedNoise:
    """randn_tensor's stand-in: the next stored draw (a zero array where the case stores null)."""

    def __init__(self):
        self.draws = []

    def randn_tensor(self, shape, generator=None, device=None, dtype=None):
        draw = self.draws.pop(0)
        return torch.tensor(draw if draw is not None else np.zeros(tuple(shape)), dtype=torch.float64)


NOISE = InjectedNoise()


def load_scheduler(path):
    """The official file as module diffusers.schedulers.scheduling_sasolver, float32 read as float64."""
    package = types.ModuleType("diffusers")
    package.__path__ = []
    schedulers = types.ModuleType("diffusers.schedulers")
    schedulers.__path__ = []
    config = types.ModuleType("diffusers.configuration_utils")
    config.ConfigMixin = ConfigMixin
    config.register_to_config = register_to_config
    utils = types.ModuleType("diffusers.utils")
    utils.__path__ = []
    utils.deprecate = lambda *args, **kwargs: None
    torch_utils = types.ModuleType("diffusers.utils.torch_utils")
    torch_utils.randn_tensor = NOISE.randn_tensor
    scheduling_utils = types.ModuleType("diffusers.schedulers.scheduling_utils")
    scheduling_utils.KarrasDiffusionSchedulers = KarrasDiffusionSchedulers
    scheduling_utils.SchedulerMixin = SchedulerMixin
    scheduling_utils.SchedulerOutput = SchedulerOutput
    for m in (package, schedulers, config, utils, torch_utils, scheduling_utils):
        sys.modules[m.__name__] = m
    with open(path) as f:
        source = f.read().replace("torch.float32", "torch.float64").replace("np.float32", "np.float64")
    module = types.ModuleType("diffusers.schedulers.scheduling_sasolver")
    module.__package__ = "diffusers.schedulers"
    exec(compile(source, path, "exec"), module.__dict__)
    return module.SASolverScheduler


# ---------------------------------------------------------------- one case

def prediction_of(g, x, alpha, sigma, prediction_type):
    if prediction_type == "epsilon":
        return g.epshat(x, alpha, sigma)
    if prediction_type == "sample":
        return g.x0hat(x, alpha, sigma)
    return alpha * g.epshat(x, alpha, sigma) - sigma * g.x0hat(x, alpha, sigma)


def sasolver_case(scheduler_class, ref, base_name, steps, overrides, noise_seed):
    base = generate.load(ref, os.path.join("cases", "diffusers", base_name))
    config = dict(generate.table_config(base), **{
        "predictor_order": 2,
        "corrector_order": 2,
        "prediction_type": "epsilon",
        "tau_func": None,
        "thresholding": False,
        "algorithm_type": "data_prediction",
        "lower_order_final": True,
        "use_karras_sigmas": False,
        "timestep_spacing": "linspace",
        "steps_offset": 0,
    })
    config.update(overrides)
    s = scheduler_class(**config)
    s.set_timesteps(steps)
    abar = s.alphas_cumprod.numpy()
    stored = np.array(generate.load(ref, base["schedule"]["arrays_file"])["alphas_cumprod"])
    table_gap = generate.relative_error(abar, stored)
    assert table_gap < 1e-15, table_gap
    ts = [int(t) for t in s.timesteps]
    batch, d = np.array(base["x_T"]).shape
    x = s.init_noise_sigma * np.random.default_rng(base["seed"]).standard_normal((batch, d))
    x_t = x.copy()
    # tau is 1 inside the default window [200, 800] of train timesteps and 0 outside: a draw there is multiplied by 0
    noise = generate.noise_draws(noise_seed, [200 <= t <= 800 for t in ts], batch, d)
    NOISE.draws = list(noise)
    g = generate.Gaussian(base["model"])
    x = torch.tensor(x, dtype=torch.float64)
    for t in s.timesteps:
        a = float(abar[int(t)]) ** 0.5
        sd = (1.0 - float(abar[int(t)])) ** 0.5
        out = torch.tensor(prediction_of(g, x.numpy(), a, sd, config["prediction_type"]), dtype=torch.float64)
        x = s.step(out, t, x).prev_sample
    assert not NOISE.draws, "the scheduler drew fewer normals than it has steps"
    sigmas = [float(v) for v in s.sigmas]
    sched_id = base["id"].split("/")[1]
    label = "".join("-%s%s" % (k, v) for k, v in sorted(overrides.items()))
    case_id = "diffusers/%s/SASolver%s-n%d/d%d-b%d" % (sched_id, label, steps, d, batch)
    reference = {
        "implementation": "diffusers' own scheduling_sasolver.py (float64 patch; package imports replaced by the"
                          " stand-ins of the script, randn_tensor by the case's noise)",
        "repo": "huggingface/diffusers",
        "commit": SASOLVER_COMMIT,
        "file": SASOLVER_FILE,
        "call": "s = SASolverScheduler(**config); s.set_timesteps(%d); x = x_T; for k, t in enumerate(s.timesteps):"
                " x = s.step(model(x, t), t, x, randn_tensor-equivalent: noise[k]).prev_sample" % steps,
        "restatement": "none: tools/injected-noise-cases/sasolver_official.py runs the file",
    }
    solver_config = {k: v for k, v in config.items() if k != "tau_func"}
    solver = {"scheduler": "SASolverScheduler", "num_inference_steps": steps, "config": solver_config,
              "step_kwargs": {}}
    prediction = {"epsilon": "noise", "v_prediction": "v", "sample": "data"}[config["prediction_type"]]
    base = dict(base, timesteps=ts, x_T=generate.rows(x_t),
                x_T_scale="x_T = init_noise_sigma * z, z = numpy default_rng(seed).standard_normal((batch, d));"
                          " init_noise_sigma = 1.0",
                model_interface="model(x, t) with integer timestep t; alpha_t = alphas_cumprod[t]**0.5, sigma_t ="
                                " (1 - alphas_cumprod[t])**0.5; SASolverScheduler.scale_model_input is the identity",
                model_prediction=prediction,
                timesteps_kind="scheduler.timesteps after set_timesteps (the values handed to the model and to"
                               " step())")
    case = generate.common(base, case_id, "diffusers", reference, solver, noise, noise_seed, x.numpy(), steps,
                           [float(t) for t in ts])
    case["sigmas"] = sigmas
    case["sigmas_kind"] = ("scheduler.sigmas (VE sigma = sqrt((1-alphabar)/alphabar)); one per timestep plus the"
                           " sigma of train timestep 0")
    case["noise_kind"] = ("noise[i] = the standard normals SASolverScheduler.step drew at outer step i (randn_tensor),"
                          " [batch][d]; null where tau(t_i) = 0 (train timestep outside [200, 800]), whose draw both"
                          " the predictor of step i and the corrector of step i + 1 multiply by 0; numpy"
                          " default_rng(noise_seed).standard_normal((batch, d)) for each other step in order")
    return case


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    scheduler_class = load_scheduler(sys.argv[1])
    ref = sys.argv[2] if len(sys.argv) > 2 else os.path.join(generate.ROOT, "sampler-bench", "reference", "src",
                                                              "main", "resources", "reference")
    ddim = "vp-discrete-linear__DDIM-clip_sampleFalse-n10__d3-b2.json"
    euler = "vp-discrete-linear__EulerDiscrete-n20__d8-b2.json"
    vpred = "vp-discrete-scaled-linear__DPMSolverMultistep-solver_order2-prediction_typev_prediction-n25__d3-b2.json"
    cases = [
        sasolver_case(scheduler_class, ref, ddim, 10, {}, 4001),
        sasolver_case(scheduler_class, ref, euler, 20, {"predictor_order": 3, "corrector_order": 3}, 4002),
        sasolver_case(scheduler_class, ref, ddim, 12, {"algorithm_type": "noise_prediction"}, 4003),
        sasolver_case(scheduler_class, ref, vpred, 25, {"prediction_type": "v_prediction", "timestep_spacing":
                                                        "leading", "steps_offset": 1}, 4004),
        sasolver_case(scheduler_class, ref, euler, 8, {"predictor_order": 1, "corrector_order": 1,
                                                       "timestep_spacing": "trailing"}, 4005),
        sasolver_case(scheduler_class, ref, ddim, 15, {"use_karras_sigmas": True}, 4006),
        sasolver_case(scheduler_class, ref, euler, 16, {"predictor_order": 4, "corrector_order": 4}, 4007),
        sasolver_case(scheduler_class, ref, vpred, 9, {"algorithm_type": "noise_prediction", "prediction_type":
                                                       "v_prediction"}, 4008),
    ]
    for case in cases:
        family, rest = case["id"].split("/", 1)
        path = os.path.join(ref, generate.OUT_FOLDER, family, rest.replace("/", "__") + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            generate.json.dump(case, f, indent=1)
            f.write("\n")
        print("wrote", os.path.relpath(path, ref))


if __name__ == "__main__":
    main()
