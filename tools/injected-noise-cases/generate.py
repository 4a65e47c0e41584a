#!/usr/bin/env python3
"""Conformance cases with injected noise for stochastic reference samplers.

The official Python packages (k-diffusion, diffusers) cannot be installed in SamplerKit's build environment,
so this script restates, step by step in numpy float64, the two algorithms as the pinned upstream commits
define them (see PROVENANCE.md next to the generated cases), with the noise of every step taken from an array
that the case stores. Before writing anything it checks the restatement against official cases of the same
packages that need no noise (see check_against_official_cases).

Usage: /usr/bin/python3 tools/injected-noise-cases/generate.py [REFERENCE_DIR]
REFERENCE_DIR defaults to sampler-bench/reference/src/main/resources/reference.
"""
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
KD_COMMIT = "4601bf085320592473f681a62808ed873d17fad5"
DIFFUSERS_COMMIT = "58eb52c0803ea9af3abec60841c2a093bdf1f951"
CONFIG_SET = os.path.join("..", "diffusers-configs")
OUT_FOLDER = os.path.join("cases", "injected-noise")
NOISE_KIND = ("noise[i] = the standard normals drawn by outer step i of the reference loop, [batch][d], or null"
              " when step i draws none; numpy default_rng(noise_seed).standard_normal((batch, d)) for each drawing"
              " step in order")


# ---------------------------------------------------------------- the analytic model (FORMAT.md, section 0)

class Gaussian:
    """x0 ~ N(mu, Q diag(lam) Q^T); the model is evaluated in the eigenbasis."""

    def __init__(self, model):
        self.mu = np.array(model["mean"], dtype=np.float64)
        self.lam = np.array(model["cov_eigenvalues"], dtype=np.float64)
        self.q = np.array(model["cov_eigenvectors"], dtype=np.float64)

    def x0hat(self, x, alpha, sigma):
        """E[x0 | alpha x0 + sigma eps = x] for every row of x."""
        y = (x - alpha * self.mu) @ self.q
        y = y * (alpha * self.lam / (alpha * alpha * self.lam + sigma * sigma))
        return self.mu + y @ self.q.T

    def epshat(self, x, alpha, sigma):
        return (x - alpha * self.x0hat(x, alpha, sigma)) / sigma

    def pf_ode_end(self, x, a_s, s_s, a_t, s_t):
        """Exact probability-flow map from (a_s, s_s) to (a_t, s_t)."""
        y = (x - a_s * self.mu) @ self.q
        y = y * np.sqrt((a_t * a_t * self.lam + s_t * s_t) / (a_s * a_s * self.lam + s_s * s_s))
        return a_t * self.mu + y @ self.q.T


# ---------------------------------------------------------------- k-diffusion, restated

def kd_ancestral_split(sigma_from, sigma_to, eta):
    """k-diffusion get_ancestral_step: the level to step down to, and the noise to add afterwards."""
    if not eta:
        return sigma_to, 0.0
    up = min(sigma_to, eta * math.sqrt(sigma_to ** 2 * (sigma_from ** 2 - sigma_to ** 2) / sigma_from ** 2))
    down = math.sqrt(sigma_to ** 2 - up ** 2)
    return down, up


def kd_euler_ancestral(g, x, sigmas, eta, s_noise, noise):
    """k-diffusion sample_euler_ancestral: one denoiser call per step, an Euler step of the Karras ODE to
    sigma_down, then s_noise * sigma_up times the step's normals unless the step ends at sigma = 0."""
    calls = 0
    for i in range(len(sigmas) - 1):
        denoised = g.x0hat(x, 1.0, sigmas[i])
        calls += 1
        down, up = kd_ancestral_split(sigmas[i], sigmas[i + 1], eta)
        d = (x - denoised) / sigmas[i]
        x = x + d * (down - sigmas[i])
        if sigmas[i + 1] > 0:
            x = x + noise[i] * s_noise * up
    return x, calls


def kd_dpm_2_ancestral(g, x, sigmas, eta, s_noise, noise):
    """k-diffusion sample_dpm_2_ancestral: Euler from sigma to sigma_down when sigma_down = 0, else the DPM-2
    midpoint step (midpoint at the geometric mean of sigma and sigma_down) followed by s_noise * sigma_up times the
    step's normals (only in that branch: a step whose sigma_down is 0 draws nothing)."""
    calls = 0
    for i in range(len(sigmas) - 1):
        denoised = g.x0hat(x, 1.0, sigmas[i])
        calls += 1
        down, up = kd_ancestral_split(sigmas[i], sigmas[i + 1], eta)
        d = (x - denoised) / sigmas[i]
        if down == 0:
            x = x + d * (down - sigmas[i])
            assert noise[i] is None, i
        else:
            mid = math.exp(math.log(sigmas[i]) + 0.5 * (math.log(down) - math.log(sigmas[i])))
            x_2 = x + d * (mid - sigmas[i])
            denoised_2 = g.x0hat(x_2, 1.0, mid)
            calls += 1
            x = x + (x_2 - denoised_2) / mid * (down - sigmas[i])
            x = x + noise[i] * s_noise * up
    return x, calls


def kd_dpmpp_2s_ancestral(g, x, sigmas, eta, s_noise, noise):
    """k-diffusion sample_dpmpp_2s_ancestral: Euler to sigma_down = 0, else DPM-Solver++(2S) with r = 1/2 in
    t = -log sigma from sigma to sigma_down; then s_noise * sigma_up times the step's normals unless the next
    sigma is 0."""
    calls = 0
    for i in range(len(sigmas) - 1):
        denoised = g.x0hat(x, 1.0, sigmas[i])
        calls += 1
        down, up = kd_ancestral_split(sigmas[i], sigmas[i + 1], eta)
        if down == 0:
            x = x + (x - denoised) / sigmas[i] * (down - sigmas[i])
        else:
            t, t_next = -math.log(sigmas[i]), -math.log(down)
            h = t_next - t
            s = t + 0.5 * h
            x_2 = (math.exp(-s) / math.exp(-t)) * x - math.expm1(-h * 0.5) * denoised
            denoised_2 = g.x0hat(x_2, 1.0, math.exp(-s))
            calls += 1
            x = (math.exp(-t_next) / math.exp(-t)) * x - math.expm1(-h) * denoised_2
        if sigmas[i + 1] > 0:
            x = x + noise[i] * s_noise * up
    return x, calls


KD_ANCESTRAL = {
    "sample_euler_ancestral": ("euler_ancestral", kd_euler_ancestral),
    "sample_dpm_2_ancestral": ("dpm_2_ancestral", kd_dpm_2_ancestral),
    "sample_dpmpp_2s_ancestral": ("dpmpp_2s_ancestral", kd_dpmpp_2s_ancestral),
}


# ---------------------------------------------------------------- diffusers, restated

def ddpm_leading_timesteps(train_steps, steps, offset):
    ratio = train_steps // steps
    return [int(v) + offset for v in (np.arange(0, steps) * ratio).round()[::-1]]


def ddpm_previous(timesteps, k, train_steps, steps):
    """DDPMScheduler.previous_timestep without custom timesteps: t - N // K."""
    return timesteps[k] - train_steps // steps


def ddpm_sample(g, x, abar, timesteps, train_steps, variance_type, noise):
    """diffusers DDPMScheduler.step over the timesteps, epsilon prediction, no clipping or thresholding."""
    steps = len(timesteps)
    calls = 0
    for k, t in enumerate(timesteps):
        eps = g.epshat(x, math.sqrt(abar[t]), math.sqrt(1.0 - abar[t]))
        calls += 1
        prev = ddpm_previous(timesteps, k, train_steps, steps)
        abar_t = abar[t]
        abar_prev = abar[prev] if prev >= 0 else 1.0
        beta_prod = 1.0 - abar_t
        beta_prod_prev = 1.0 - abar_prev
        alpha_step = abar_t / abar_prev
        beta_step = 1.0 - alpha_step
        x0 = (x - math.sqrt(beta_prod) * eps) / math.sqrt(abar_t)
        mean = (math.sqrt(abar_prev) * beta_step / beta_prod) * x0 + (math.sqrt(alpha_step) * beta_prod_prev
                                                                       / beta_prod) * x
        if t > 0:
            variance = max(beta_prod_prev / beta_prod * beta_step, 1e-20)
            if variance_type == "fixed_large":
                variance = beta_step
            elif variance_type != "fixed_small":
                raise ValueError(variance_type)
            mean = mean + math.sqrt(variance) * noise[k]
        x = mean
    return x, calls


def ddim_sample(g, x, abar, timesteps, train_steps):
    """diffusers DDIMScheduler.step with eta = 0 and set_alpha_to_one (the cross-check of the model, the
    alpha-bars and the timestep handling shared with ddpm_sample)."""
    steps = len(timesteps)
    for t in timesteps:
        prev = t - train_steps // steps
        abar_t = abar[t]
        abar_prev = abar[prev] if prev >= 0 else 1.0
        eps = g.epshat(x, math.sqrt(abar_t), math.sqrt(1.0 - abar_t))
        x0 = (x - math.sqrt(1.0 - abar_t) * eps) / math.sqrt(abar_t)
        x = math.sqrt(abar_prev) * x0 + math.sqrt(1.0 - abar_prev) * eps
    return x


def ea_set_timesteps(abar, train_steps, steps, spacing, offset):
    """EulerAncestralDiscreteScheduler.set_timesteps in float64: timesteps by the spacing rule, sigmas =
    sqrt((1 - abar)/abar) interpolated linearly at the (fractional) timesteps, a final 0 appended; and
    init_noise_sigma (max sigma for linspace/trailing, sqrt(max^2 + 1) for leading)."""
    if spacing == "linspace":
        ts = np.linspace(0, train_steps - 1, steps, dtype=np.float64)[::-1].copy()
    elif spacing == "leading":
        ratio = train_steps // steps
        ts = (np.arange(0, steps) * ratio).round()[::-1].copy().astype(np.float64) + offset
    elif spacing == "trailing":
        ratio = train_steps / steps
        ts = np.arange(train_steps, 0, -ratio).round().copy().astype(np.float64) - 1
    else:
        raise ValueError(spacing)
    abar = np.asarray(abar, dtype=np.float64)
    table = ((1 - abar) / abar) ** 0.5
    sigmas = np.concatenate([np.interp(ts, np.arange(0, len(table)), table), [0.0]])
    init = float(sigmas.max()) if spacing in ("linspace", "trailing") else float((sigmas.max() ** 2 + 1) ** 0.5)
    return [float(t) for t in ts], [float(v) for v in sigmas], init


def ea_sample(g, x, sigmas, prediction, noise):
    """EulerAncestralDiscreteScheduler.step over the sigmas: the model sees x / sqrt(s^2 + 1) (VP state with
    alpha = 1/sqrt(s^2 + 1), sigma_vp = s alpha); x0 from its epsilon or v output; an Euler step of
    dx/ds = (x - x0)/s to sigma_down, then noise[i] * sigma_up (sigma_up = 0 on the step to sigma = 0, where
    diffusers still draws: that draw is multiplied by 0 and the case stores null for it)."""
    calls = 0
    for i in range(len(sigmas) - 1):
        s = sigmas[i]
        a = 1.0 / (s * s + 1) ** 0.5
        x_in = x * a
        x0_true = g.x0hat(x_in, a, s * a)
        eps = (x_in - a * x0_true) / (s * a)
        calls += 1
        if prediction == "epsilon":
            x0 = x - s * eps
        elif prediction == "v_prediction":
            v = a * eps - s * a * x0_true
            x0 = v * (-s / (s * s + 1) ** 0.5) + x / (s * s + 1)
        else:
            raise ValueError(prediction)
        s_to = sigmas[i + 1]
        up = (s_to ** 2 * (s ** 2 - s_to ** 2) / s ** 2) ** 0.5
        down = (s_to ** 2 - up ** 2) ** 0.5
        x = x + (x - x0) / s * (down - s)
        if noise[i] is not None:
            x = x + noise[i] * up
        else:
            assert up == 0.0, (i, up)
    return x, calls


# ---------------------------------------------------------------- checks and output

def relative_error(a, b):
    return float(np.max(np.abs(a - b)) / max(1.0, float(np.max(np.abs(b)))))


def load(ref, rel):
    with open(os.path.join(ref, rel)) as f:
        return json.load(f)


def check_against_official_cases(ref):
    """The restatement must reproduce official noise-free cases: euler_ancestral with eta = 0 is sample_euler
    (both take plain Euler steps to sigma_next and add nothing), and the model, alpha-bars and timesteps of
    ddpm_sample reproduce the official DDIM case through ddim_sample."""
    worst = 0.0
    for name in ("ve-karras-sigma_min0.002-sigma_max80-rho7__euler-n10__d3-b2.json",
                 "ve-karras-sigma_min0.002-sigma_max80-rho7__euler-n25__d8-b2.json",
                 "ve-exponential-sigma_min0.01-sigma_max80__dpmpp_2m-n20__d16-b2.json"):
        c = load(ref, os.path.join("cases", "k-diffusion", name))
        if c["solver"]["sampler"] != "sample_euler":
            continue
        g = Gaussian(c["model"])
        x_t = np.array(c["x_T"])
        zeros = [np.zeros_like(x_t)] * (len(c["timesteps"]) - 1)  # eta = 0: the draws are multiplied by 0
        out, calls = kd_euler_ancestral(g, x_t, c["timesteps"], 0.0, 1.0, zeros)
        err = relative_error(out, np.array(c["expected"]))
        assert err <= 1e-12 and calls == c["nfe"], (name, err, calls)
        worst = max(worst, err)
    for name, fn in (("ve-karras-sigma_min0.002-sigma_max80-rho7__dpm_2-n10__d3-b2.json", kd_dpm_2_ancestral),
                     ("ve-karras-sigma_min0.002-sigma_max80-rho7__dpmpp_2s_ancestral-eta0.0-n8__d8-b2.json",
                      kd_dpmpp_2s_ancestral)):
        c = load(ref, os.path.join("cases", "k-diffusion", name))
        none = [None] * (len(c["timesteps"]) - 1)  # eta = 0: sigma_up = 0, and a step to sigma_down = 0 draws none
        x_t = np.array(c["x_T"])
        zeros = [np.zeros_like(x_t) if c["timesteps"][i + 1] > 0 else None for i in range(len(none))]
        out, calls = fn(Gaussian(c["model"]), x_t, c["timesteps"], 0.0, 1.0, zeros)
        err = relative_error(out, np.array(c["expected"]))
        assert err <= 1e-12 and calls == c["nfe"], (name, err, calls)
        worst = max(worst, err)
    c = load(ref, os.path.join("cases", "diffusers", "vp-discrete-linear__DDIM-clip_sampleFalse-n10__d3-b2.json"))
    abar = load(ref, c["schedule"]["arrays_file"])["alphas_cumprod"]
    ts = ddpm_leading_timesteps(1000, c["solver"]["num_inference_steps"], 0)
    assert ts == c["timesteps"], ts
    out = ddim_sample(Gaussian(c["model"]), np.array(c["x_T"]), abar, ts, 1000)
    err = relative_error(out, np.array(c["expected"]))
    assert err <= 1e-12, err
    worst = max(worst, err)
    euler = load(ref, os.path.join("cases", "diffusers", "vp-discrete-linear__EulerDiscrete-n20__d8-b2.json"))
    abar = load(ref, euler["schedule"]["arrays_file"])["alphas_cumprod"]
    ts, sig, init = ea_set_timesteps(abar, 1000, 20, "linspace", 0)
    assert ts == euler["timesteps"], ts
    worst = max(worst, relative_error(np.array(sig), np.array(euler["sigmas"])))
    return max(worst, check_ea_grids_against_config_set(ref))


def check_ea_grids_against_config_set(ref):
    """ea_set_timesteps must reproduce every EulerAncestralDiscreteScheduler case of the diffusers-configs set
    (timesteps exactly, float64 sigmas and init_noise_sigma to 1e-12 relative), whatever its spacing and table."""
    folder = os.path.join(ref, CONFIG_SET)
    worst, count = 0.0, 0
    for root, _, files in os.walk(os.path.join(folder, "cases")):
        for name in sorted(files):
            c = load(root, name)
            if c.get("scheduler_class") != "EulerAncestralDiscreteScheduler" or c.get("outcome") != "ok":
                continue
            e = c["effective_config"]
            table = load(folder, c["schedule_table"])["alphas_cumprod_float64"]
            ts, sig, init = ea_set_timesteps(table, e["num_train_timesteps"], c["num_inference_steps"],
                                             e["timestep_spacing"], e["steps_offset"])
            assert ts == c.get("timesteps_float64", c["timesteps"]), (name, ts)
            err = max(relative_error(np.array(sig), np.array(c.get("sigmas_float64", c["sigmas"]))),
                      relative_error(np.array([init]), np.array([c.get("init_noise_sigma_float64",
                                                                       c["init_noise_sigma"])])))
            assert err <= 1e-12, (name, err)
            worst, count = max(worst, err), count + 1
    assert count >= 16, count
    return worst


def noise_draws(seed, drawing_steps, batch, d):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((batch, d)) if draws else None for draws in drawing_steps]


def rows(a):
    return [[float(v) for v in r] for r in a]


def common(base, case_id, family, reference, solver, noise, noise_seed, expected, nfe, calls):
    out = {
        "id": case_id,
        "family": family,
        "reference": reference,
        "schedule": base["schedule"],
        "model": base["model"],
        "model_prediction": base["model_prediction"],
        "model_interface": base["model_interface"],
        "solver": solver,
        "timesteps": base["timesteps"] if "timesteps" in base else None,
        "timesteps_kind": base["timesteps_kind"],
        "seed": base["seed"],
        "x_T": base["x_T"],
        "x_T_scale": base["x_T_scale"],
        "noise": [None if n is None else rows(n) for n in noise],
        "noise_kind": NOISE_KIND,
        "noise_seed": noise_seed,
        "expected": rows(expected),
        "nfe": nfe,
        "model_calls": calls,
    }
    return out


def reference_block(implementation, repo, commit, file, call):
    return {
        "implementation": implementation + " (restated in numpy float64, not the package itself)",
        "repo": repo,
        "commit": commit,
        "file": file,
        "call": call,
        "restatement": "tools/injected-noise-cases/generate.py",
    }


def kd_ancestral_case(ref, sampler, base_name, eta, s_noise, noise_seed):
    """One k-diffusion ancestral sampler on the model, sigmas and x_T of an official case."""
    label, fn = KD_ANCESTRAL[sampler]
    base = load(ref, os.path.join("cases", "k-diffusion", base_name))
    sigmas = base["timesteps"]
    n = len(sigmas) - 1
    x_t = np.array(base["x_T"])
    # the steps that draw: every step whose next sigma is positive (for eta <= 1 also exactly those whose
    # sigma_down is positive, the condition of sample_dpm_2_ancestral)
    assert eta <= 1.0, eta
    noise = noise_draws(noise_seed, [sigmas[i + 1] > 0 for i in range(n)], x_t.shape[0], x_t.shape[1])
    out, calls = fn(Gaussian(base["model"]), x_t, sigmas, eta, s_noise, noise)
    sched_id = base["id"].split("/")[1]
    case_id = "k-diffusion/%s/%s-eta%s-s_noise%s-n%d/d%d-b%d" % (
        sched_id, label, eta, s_noise, n, x_t.shape[1], x_t.shape[0])
    reference = reference_block("k-diffusion", "crowsonkb/k-diffusion", KD_COMMIT, "k_diffusion/sampling.py",
                                "%s(model, x, sigmas, eta=%s, s_noise=%s, noise_sampler=lambda"
                                " s, s_next: noise[i]) with the sigmas of the case" % (sampler, eta, s_noise))
    solver = {"sampler": sampler, "n": n, "eta": eta, "s_noise": s_noise}
    model_calls = []
    for i in range(n):
        model_calls.append(float(sigmas[i]))
        if sampler != "sample_euler_ancestral" and sigmas[i + 1] > 0:
            down = kd_ancestral_split(sigmas[i], sigmas[i + 1], eta)[0]
            model_calls.append(math.sqrt(sigmas[i] * down))
    assert len(model_calls) == calls, (len(model_calls), calls)
    case = common(base, case_id, "k-diffusion", reference, solver, noise, noise_seed, out, calls, model_calls)
    return case


def euler_ancestral_case(ref, base_name, eta, s_noise, noise_seed):
    return kd_ancestral_case(ref, "sample_euler_ancestral", base_name, eta, s_noise, noise_seed)


def ddpm_case(ref, base_name, steps, variance_type, noise_seed):
    base = load(ref, os.path.join("cases", "diffusers", base_name))
    abar = load(ref, base["schedule"]["arrays_file"])["alphas_cumprod"]
    train = base["solver"]["config"]["num_train_timesteps"]
    ts = ddpm_leading_timesteps(train, steps, 0)
    batch, d = np.array(base["x_T"]).shape
    x_t = np.random.default_rng(base["seed"]).standard_normal((batch, d))  # init_noise_sigma = 1
    noise = noise_draws(noise_seed, [t > 0 for t in ts], x_t.shape[0], x_t.shape[1])
    out, calls = ddpm_sample(Gaussian(base["model"]), x_t, abar, ts, train, variance_type, noise)
    config = {
        "num_train_timesteps": train,
        "beta_start": base["solver"]["config"]["beta_start"],
        "beta_end": base["solver"]["config"]["beta_end"],
        "beta_schedule": base["solver"]["config"]["beta_schedule"],
        "trained_betas": None,
        "variance_type": variance_type,
        "clip_sample": False,
        "prediction_type": "epsilon",
        "thresholding": False,
        "timestep_spacing": "leading",
        "steps_offset": 0,
        "rescale_betas_zero_snr": False,
    }
    sched_id = base["id"].split("/")[1]
    case_id = "diffusers/%s/DDPM-variance_type%s-n%d/d%d-b%d" % (sched_id, variance_type, steps, x_t.shape[1],
                                                                  x_t.shape[0])
    reference = reference_block("diffusers", "huggingface/diffusers", DIFFUSERS_COMMIT,
                                "src/diffusers/schedulers/scheduling_ddpm.py",
                                "s = DDPMScheduler(variance_type=%r, clip_sample=False); s.set_timesteps(%d); x = x_T;"
                                " for k, t in enumerate(s.timesteps): x = s.step(model(x, t), t, x,"
                                " variance_noise-equivalent: noise[k]).prev_sample" % (variance_type, steps))
    solver = {"scheduler": "DDPMScheduler", "num_inference_steps": steps, "config": config, "step_kwargs": {}}
    base = dict(base, timesteps=ts, x_T=rows(x_t),
                x_T_scale="x_T = init_noise_sigma * z, z = numpy default_rng(seed).standard_normal((batch, d));"
                          " init_noise_sigma = 1.0",
                model_interface="model(x, t) with integer timestep t; alpha_t = alphas_cumprod[t]**0.5, sigma_t ="
                                " (1 - alphas_cumprod[t])**0.5; DDPMScheduler.scale_model_input is the identity",
                timesteps_kind="scheduler.timesteps after set_timesteps (the values handed to the model and to"
                               " step())")
    case = common(base, case_id, "diffusers", reference, solver, noise, noise_seed, out, calls,
                  [float(t) for t in ts])
    return case


def table_config(base):
    """The training-table keys of an official diffusers case's scheduler config (no trained betas)."""
    b = base["solver"]["config"]
    return {
        "num_train_timesteps": b["num_train_timesteps"],
        "beta_start": b["beta_start"],
        "beta_end": b["beta_end"],
        "beta_schedule": b["beta_schedule"],
        "trained_betas": None,
    }


def euler_ancestral_diffusers_case(ref, base_name, steps, overrides, noise_seed):
    """EulerAncestralDiscreteScheduler on the model and table of an official case, x_T = init_noise_sigma * z."""
    base = load(ref, os.path.join("cases", "diffusers", base_name))
    abar = load(ref, base["schedule"]["arrays_file"])["alphas_cumprod"]
    config = dict(table_config(base), **{
        "prediction_type": "epsilon",
        "timestep_spacing": "linspace",
        "steps_offset": 0,
        "rescale_betas_zero_snr": False,
    })
    config.update(overrides)
    prediction = {"epsilon": "noise", "v_prediction": "v"}[config["prediction_type"]]
    ts, sigmas, init = ea_set_timesteps(abar, config["num_train_timesteps"], steps, config["timestep_spacing"],
                                        config["steps_offset"])
    batch, d = np.array(base["x_T"]).shape
    x_t = init * np.random.default_rng(base["seed"]).standard_normal((batch, d))
    noise = noise_draws(noise_seed, [sigmas[i + 1] > 0 for i in range(steps)], batch, d)
    out, calls = ea_sample(Gaussian(base["model"]), x_t, sigmas, config["prediction_type"], noise)
    sched_id = base["id"].split("/")[1]
    label = "".join("-%s%s" % (k, v) for k, v in sorted(overrides.items()))
    case_id = "diffusers/%s/EulerAncestralDiscrete%s-n%d/d%d-b%d" % (sched_id, label, steps, d, batch)
    reference = reference_block("diffusers", "huggingface/diffusers", DIFFUSERS_COMMIT,
                                "src/diffusers/schedulers/scheduling_euler_ancestral_discrete.py",
                                "s = EulerAncestralDiscreteScheduler(**config); s.set_timesteps(%d); x = x_T; for k, t in"
                                " enumerate(s.timesteps): x = s.step(model(s.scale_model_input(x, t), t), t, x,"
                                " randn_tensor-equivalent: noise[k]).prev_sample" % steps)
    solver = {"scheduler": "EulerAncestralDiscreteScheduler", "num_inference_steps": steps, "config": config,
              "step_kwargs": {}}
    base = dict(base, timesteps=ts, x_T=rows(x_t),
                x_T_scale="x_T = init_noise_sigma * z, z = numpy default_rng(seed).standard_normal((batch, d));"
                          " init_noise_sigma = %r" % init,
                model_interface="pipeline loop: x_in = scheduler.scale_model_input(x, t) = x / ((s**2 + 1)**0.5) with"
                                " s = scheduler.sigmas[step_index]; the model returns its prediction for the VP state"
                                " x_in = alpha*x0 + sigma_vp*eps with alpha = 1/((s**2 + 1)**0.5), sigma_vp = s*alpha;"
                                " the scheduler works on the unscaled (VE) sample x = x0 + s*eps.",
                model_prediction=prediction,
                timesteps_kind="scheduler.timesteps after set_timesteps (the values handed to the model and to"
                               " step())")
    case = common(base, case_id, "diffusers", reference, solver, noise, noise_seed, out, calls, ts)
    case["sigmas"] = sigmas
    case["sigmas_kind"] = ("scheduler.sigmas (VE sigma = sqrt((1-alphabar)/alphabar)); one per timestep plus the"
                           " final 0")
    return case


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "sampler-bench", "reference", "src", "main",
                                                              "resources", "reference")
    worst = check_against_official_cases(ref)
    print("restatement vs official noise-free cases: max relative difference %.2e" % worst)
    cases = [
        euler_ancestral_case(ref, "ve-karras-sigma_min0.002-sigma_max80-rho7__euler-n10__d3-b2.json", 1.0, 1.0, 1001),
        euler_ancestral_case(ref, "ve-karras-sigma_min0.002-sigma_max80-rho7__euler-n25__d8-b2.json", 0.6, 1.02, 1002),
        euler_ancestral_case(ref, "ve-exponential-sigma_min0.01-sigma_max80__lms-n20__d2-b2.json", 1.0, 1.0, 1003),
        kd_ancestral_case(ref, "sample_dpm_2_ancestral", "ve-karras-sigma_min0.002-sigma_max80-rho7__dpm_2-n10__d3-b2.json",
                          1.0, 1.0, 1101),
        kd_ancestral_case(ref, "sample_dpm_2_ancestral",
                          "ve-exponential-sigma_min0.01-sigma_max80__lms-n20__d2-b2.json", 0.7, 1.05, 1102),
        kd_ancestral_case(ref, "sample_dpmpp_2s_ancestral",
                          "ve-karras-sigma_min0.002-sigma_max80-rho7__dpmpp_2s_ancestral-eta0.0-n8__d8-b2.json", 1.0, 1.0,
                          1201),
        kd_ancestral_case(ref, "sample_dpmpp_2s_ancestral",
                          "ve-karras-sigma_min0.002-sigma_max80-rho7__euler-n25__d8-b2.json", 0.5, 1.0, 1202),
        ddpm_case(ref, "vp-discrete-linear__DDIM-clip_sampleFalse-n10__d3-b2.json", 10, "fixed_small", 2001),
        ddpm_case(ref, "vp-discrete-linear__DDIM-clip_sampleFalse-n10__d3-b2.json", 20, "fixed_large", 2002),
        ddpm_case(ref, "vp-discrete-linear__EulerDiscrete-n20__d8-b2.json", 25, "fixed_small", 2003),
        euler_ancestral_diffusers_case(ref, "vp-discrete-linear__EulerDiscrete-n20__d8-b2.json", 20, {}, 3001),
        euler_ancestral_diffusers_case(
            ref, "vp-discrete-scaled-linear__DPMSolverMultistep-solver_order2-prediction_typev_prediction-n25__d3-b2.json",
            25, {"prediction_type": "v_prediction", "timestep_spacing": "leading", "steps_offset": 1}, 3002),
        euler_ancestral_diffusers_case(ref, "vp-discrete-linear__DDIM-clip_sampleFalse-n10__d3-b2.json", 10,
                                       {"timestep_spacing": "trailing"}, 3003),
    ]
    for case in cases:
        family, rest = case["id"].split("/", 1)
        path = os.path.join(ref, OUT_FOLDER, family, rest.replace("/", "__") + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(case, f, indent=1)
            f.write("\n")
        print("wrote", os.path.relpath(path, ref))


if __name__ == "__main__":
    main()
