"""Writes models/digits-ddpm.data.json: the mean and covariance of the data digits-ddpm.onnx was trained on, as a
SamplerKit "gaussian" model spec. The data are all 1797 of scikit-learn's 8x8 digits with pixel values 0..16
scaled to x/8 - 1 (the scaling train_digits.py applies), flattened row by row to 64 values; the covariance
divides by the number of images (ddof 0, the moments of the empirical law). The calibration study of the report
(`samplerkit report calibrated`) calibrates grids for the digits network on this Gaussian. No training, no
randomness: a rerun writes the same bytes.

Run from the repository root:  /usr/bin/python3 tools/train/digits_data_moments.py
"""
import json

import numpy as np
from sklearn.datasets import load_digits


def main():
    x = load_digits().images.reshape(-1, 64).astype(np.float64) / 8.0 - 1.0
    mean = x.mean(axis=0)
    centred = x - mean
    cov = centred.T @ centred / x.shape[0]
    cov = 0.5 * (cov + cov.T)
    spec = {"type": "gaussian", "mean": [float(v) for v in mean],
            "covariance": [[float(v) for v in row] for row in cov]}
    with open("models/digits-ddpm.data.json", "w") as f:
        json.dump(spec, f, separators=(",", ":"))
        f.write("\n")
    values = np.linalg.eigvalsh(cov)
    print("images %d, eigenvalues %.3e .. %.3e, zero-variance pixels %d"
          % (x.shape[0], values.min(), values.max(), int((np.diag(cov) == 0).sum())))


if __name__ == "__main__":
    main()
