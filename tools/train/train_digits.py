"""Trains the two digits networks on scikit-learn's 8x8 handwritten digits (1797 images, values 0..16
scaled to [-1, 1] as x/8 - 1):

* digits-classifier.onnx: an MLP classifier, trained on a seeded 80 % split and scored on the other
  20 %; outputs ``logits`` [N, 10] and ``features`` [N, 64] (the penultimate layer). Beside it,
  digits-features.json holds the mean and covariance of the features of all 1797 real digits, the
  reference of a feature-space Frechet distance (the FID of this data set).
* digits-ddpm.onnx: a noise-prediction network (epsilon, Ho et al. 2020, arXiv:2006.11239, eq. 14)
  for DDPM linear betas 1e-4..0.02 over 1000 steps; inputs ``sample`` [N, 1, 8, 8] and ``timestep``
  [N] (the training index, fractional values allowed, as diffusers passes it to a UNet); output
  ``noise`` [N, 1, 8, 8]. Weights are an exponential moving average of the trained ones. Beside it,
  scheduler_config.json in diffusers' DDPMScheduler format.

Run from the repository root:  /usr/bin/python3 tools/train/train_digits.py
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

from common import TimeEmbedding, count_parameters, export, seed_everything

TRAIN_STEPS = 1000
BETA_START = 1e-4
BETA_END = 0.02


class Classifier(nn.Module):
    def __init__(self, width=256, features=64):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(64, width), nn.SiLU(), nn.Dropout(0.2),
                                  nn.Linear(width, features), nn.SiLU())
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(features, 10))

    def forward(self, image):
        f = self.body(image)
        return self.head(f), f


class ResidualBlock(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.norm = nn.LayerNorm(width)
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)
        self.act = nn.SiLU()

    def forward(self, h, temb):
        return h + self.fc2(self.act(self.fc1(self.act(self.norm(h))) + temb))


class NoiseMlp(nn.Module):
    def __init__(self, width=192, blocks=3, emb=64):
        super().__init__()
        self.embed = TimeEmbedding(emb)
        self.temb = nn.Sequential(nn.Linear(emb, width), nn.SiLU(), nn.Linear(width, width))
        self.inp = nn.Linear(64, width)
        self.blocks = nn.ModuleList([ResidualBlock(width) for _ in range(blocks)])
        self.out = nn.Sequential(nn.LayerNorm(width), nn.SiLU(), nn.Linear(width, 64))

    def forward(self, sample, timestep):
        temb = self.temb(self.embed(timestep))
        h = self.inp(sample.reshape(-1, 64))
        for block in self.blocks:
            h = block(h, temb)
        return self.out(h).reshape(-1, 1, 8, 8)


def load_images():
    digits = load_digits()
    x = torch.tensor(digits.images, dtype=torch.float32).reshape(-1, 1, 8, 8) / 8.0 - 1.0
    return x, torch.tensor(digits.target, dtype=torch.long)


def train_classifier(x, y, seed, steps, out_dir):
    idx = np.arange(len(x))
    train_idx, test_idx = train_test_split(idx, test_size=0.2, random_state=seed, stratify=y.numpy())
    gen = torch.Generator().manual_seed(seed)
    model = Classifier()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    xt, yt = x[train_idx], y[train_idx]
    start = time.time()
    for step in range(1, steps + 1):
        b = torch.randint(0, len(xt), (128,), generator=gen)
        loss = nn.functional.cross_entropy(model(xt[b])[0], yt[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 1000 == 0:
            print(f"classifier step {step:5d}  loss {loss.item():.4f}", flush=True)
    model.eval()
    with torch.no_grad():
        acc = (model(x[test_idx])[0].argmax(1) == y[test_idx]).float().mean().item()
        feats = model(x)[1].double().numpy()
    print(f"classifier held-out accuracy {acc:.4f} on {len(test_idx)} images, "
          f"parameters {count_parameters(model)}, {time.time() - start:.1f}s")
    export(model, (torch.zeros(4, 1, 8, 8),), ["image"], ["logits", "features"],
           os.path.join(out_dir, "digits-classifier.onnx"),
           {"image": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}})
    mean = feats.mean(axis=0)
    cov = np.cov(feats, rowvar=False)
    baselines = {}
    rng = np.random.default_rng(seed)
    for n in (360, 500, 1000):
        values = [frechet(feats[rng.choice(len(feats), n, replace=False)], mean, cov) for _ in range(10)]
        baselines[str(n)] = {"mean": round(float(np.mean(values)), 4), "max": round(float(np.max(values)), 4)}
    held_out = frechet(feats[test_idx], mean, cov)
    print(f"Frechet distance (squared) of real subsets to all real digits: {baselines}; held-out 360: {held_out:.4f}")
    with open(os.path.join(out_dir, "digits-features.json"), "w") as f:
        json.dump({"description": "mean and covariance (ddof 1) of the 'features' output of digits-classifier.onnx "
                                  "on all 1797 scikit-learn digits scaled to [-1, 1]",
                   "count": int(len(feats)), "heldOutAccuracy": round(acc, 4), "heldOutCount": int(len(test_idx)),
                   "realSubsetFrechet": baselines, "heldOutFrechet": round(float(held_out), 4),
                   "mean": mean.tolist(), "covariance": cov.tolist()}, f)
        f.write("\n")
    return model


def frechet(features, mean, cov):
    """Squared Frechet distance between the Gaussian fitted to ``features`` and N(mean, cov)."""
    from scipy import linalg
    m = features.mean(axis=0)
    c = np.cov(features, rowvar=False)
    root = linalg.sqrtm(c @ cov).real
    return float(((m - mean) ** 2).sum() + np.trace(c + cov - 2 * root))


def train_ddpm(x, seed, steps, out_dir):
    gen = torch.Generator().manual_seed(seed + 1)
    betas = torch.linspace(BETA_START, BETA_END, TRAIN_STEPS, dtype=torch.float64)
    abar = torch.cumprod(1 - betas, 0).float()
    model = NoiseMlp()
    ema = NoiseMlp()
    ema.load_state_dict(model.state_dict())
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=steps, pct_start=0.05)
    start = time.time()
    running = 0.0
    for step in range(1, steps + 1):
        b = torch.randint(0, len(x), (128,), generator=gen)
        x0 = x[b]
        n = torch.randint(0, TRAIN_STEPS, (len(b),), generator=gen)
        eps = torch.randn(x0.shape, generator=gen)
        a = abar[n].reshape(-1, 1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * eps
        loss = ((model(xt, n.float()) - eps) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        with torch.no_grad():
            decay = min(0.999, (1 + step) / (10 + step))
            for pe, pm in zip(ema.parameters(), model.parameters()):
                pe.mul_(decay).add_(pm, alpha=1 - decay)
        running += loss.item()
        if step % 1000 == 0:
            print(f"ddpm step {step:6d}  loss {running / 1000:.5f}  {time.time() - start:6.1f}s", flush=True)
            running = 0.0
    print(f"ddpm parameters {count_parameters(ema)}, {time.time() - start:.1f}s")
    export(ema, (torch.zeros(4, 1, 8, 8), torch.full((4,), 500.0)), ["sample", "timestep"], ["noise"],
           os.path.join(out_dir, "digits-ddpm.onnx"),
           {"sample": {0: "batch"}, "timestep": {0: "batch"}, "noise": {0: "batch"}})
    config = {"_class_name": "DDPMScheduler", "num_train_timesteps": TRAIN_STEPS, "beta_start": BETA_START,
              "beta_end": BETA_END, "beta_schedule": "linear", "prediction_type": "epsilon",
              "clip_sample": True, "clip_sample_range": 1.0, "variance_type": "fixed_small",
              "timestep_spacing": "leading", "steps_offset": 0, "thresholding": False,
              "rescale_betas_zero_snr": False}
    with open(os.path.join(out_dir, "scheduler_config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--classifier-steps", type=int, default=6000)
    parser.add_argument("--ddpm-steps", type=int, default=30000)
    parser.add_argument("--out-dir", default="models")
    parser.add_argument("--only", choices=["classifier", "ddpm"], default=None)
    args = parser.parse_args()
    seed_everything(args.seed)
    x, y = load_images()
    start = time.time()
    if args.only in (None, "classifier"):
        train_classifier(x, y, args.seed, args.classifier_steps, args.out_dir)
    if args.only in (None, "ddpm"):
        seed_everything(args.seed)
        train_ddpm(x, args.seed, args.ddpm_steps, args.out_dir)
    print(f"total wall {time.time() - start:.1f}s")


if __name__ == "__main__":
    main()
