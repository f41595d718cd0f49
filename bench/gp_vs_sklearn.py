#!/usr/bin/python3
"""Hyperparameter fitting: Emulation Playground against scikit-learn on the same data.

ARD RBF + noise, d = 3, N = 100 and 500, 5 random restarts in both. Prints the fit times, the
speed-up and both log marginal likelihoods (in the same, normalised units) as JSON lines.
Needs Debian's python3-sklearn and a release build (bench/run.sh builds one).

    /usr/bin/python3 bench/gp_vs_sklearn.py [path/to/emuplay-cli]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "release", "app", "emuplay-cli")
RESTARTS = 5
REPEATS = 3


def make_data(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, size=(n, 3))
    y = np.sin(6.0 * X[:, 0]) + np.cos(4.0 * X[:, 1]) * X[:, 2] + 0.1 * rng.standard_normal(n)
    return X, y


def fit_emuplay(path):
    """Median fit time (s) and the log likelihood in normalised units."""
    times, lml = [], None
    for _ in range(REPEATS):
        out = subprocess.run([CLI, "gp", "--data", path, "--kernel", "rbf", "--ard", "--optimize",
                              "--restarts", str(RESTARTS), "--seed", "1"],
                             check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        times.append(result["fit"]["seconds"])
        lml = result["log_marginal_likelihood"]
    return float(np.median(times)), lml


def fit_sklearn(X, y):
    times, lml = [], None
    for rep in range(REPEATS):
        kernel = ConstantKernel(1.0, (1e-6, 1e6)) * RBF([1.0, 1.0, 1.0], (1e-3, 1e3)) + WhiteKernel(0.01, (1e-10, 1e4))
        gp = GaussianProcessRegressor(kernel, n_restarts_optimizer=RESTARTS, normalize_y=True, random_state=rep)
        start = time.perf_counter()
        gp.fit(X, y)
        times.append(time.perf_counter() - start)
        lml = gp.log_marginal_likelihood_value_
    return float(np.median(times)), float(lml)


def main():
    for n in (100, 500):
        X, y = make_data(n, seed=n)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("x1,x2,x3,y\n")
            for row, target in zip(X, y):
                f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(target)) + "\n")
            path = f.name
        try:
            ours_s, ours_lml = fit_emuplay(path)
        finally:
            os.unlink(path)
        sk_s, sk_lml = fit_sklearn(X, y)
        # Both standardise y with the population standard deviation; emuplay reports the
        # likelihood of y in its own units, scikit-learn of the standardised y: add n·log(sd).
        ours_normalised = ours_lml + n * np.log(np.std(y))
        print(json.dumps({"benchmark": f"gp_fit_ard_rbf_d3_n{n}_restarts{RESTARTS}",
                          "emuplay_s": round(ours_s, 4), "sklearn_s": round(sk_s, 4),
                          "speedup": round(sk_s / ours_s, 2),
                          "emuplay_lml": round(float(ours_normalised), 4), "sklearn_lml": round(sk_lml, 4)}))


if __name__ == "__main__":
    main()
