"""Trains ring8-flow.onnx: a rectified-flow velocity MLP on the 2-D ring of 8 Gaussians.

Data: 8 equally weighted Gaussians, means 2 (cos 2 pi k/8, sin 2 pi k/8), std 0.2 (the analytic
ring2d-8 problem of the report suite). Interpolation x_t = (1 - t) x0 + t eps (t = 1 is noise),
target u = dx_t/dt = eps - x0 (Liu et al. 2022, arXiv:2209.03003, eq. 1; Lipman et al. 2023,
arXiv:2210.02747). Network inputs: sample [N, 2] float32 and t [N] float32 (the schedule time);
output velocity [N, 2].

Run from the repository root:  /usr/bin/python3 tools/train/train_ring8_flow.py
"""
import argparse
import math
import time

import torch
from torch import nn

from common import TimeEmbedding, count_parameters, export, seed_everything


def sample_ring(n, generator, modes=8, radius=2.0, std=0.2):
    k = torch.randint(0, modes, (n,), generator=generator)
    angle = 2 * math.pi * k.float() / modes
    means = radius * torch.stack([torch.cos(angle), torch.sin(angle)], dim=1)
    return means + std * torch.randn(n, 2, generator=generator)


class VelocityMlp(nn.Module):
    def __init__(self, width=128, emb=32):
        super().__init__()
        self.embed = TimeEmbedding(emb, scale=1000.0)
        self.net = nn.Sequential(
            nn.Linear(2 + emb, width), nn.SiLU(),
            nn.Linear(width, width), nn.SiLU(),
            nn.Linear(width, width), nn.SiLU(),
            nn.Linear(width, 2))

    def forward(self, sample, t):
        return self.net(torch.cat([sample, self.embed(t)], dim=1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30000)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--out", default="models/ring8-flow.onnx")
    args = parser.parse_args()
    seed_everything(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    model = VelocityMlp()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps, eta_min=1e-5)
    start = time.time()
    running = 0.0
    for step in range(1, args.steps + 1):
        x0 = sample_ring(args.batch, gen)
        eps = torch.randn(args.batch, 2, generator=gen)
        t = torch.rand(args.batch, generator=gen)
        xt = (1 - t[:, None]) * x0 + t[:, None] * eps
        loss = ((model(xt, t) - (eps - x0)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        running += loss.item()
        if step % 1000 == 0:
            print(f"step {step:6d}  loss {running / 1000:.5f}  {time.time() - start:6.1f}s", flush=True)
            running = 0.0
    print(f"parameters {count_parameters(model)}  wall {time.time() - start:.1f}s")
    export(model, (torch.zeros(4, 2), torch.full((4,), 0.5)), ["sample", "t"], ["velocity"], args.out,
           {"sample": {0: "batch"}, "t": {0: "batch"}, "velocity": {0: "batch"}})
    print("wrote", args.out)


if __name__ == "__main__":
    main()
