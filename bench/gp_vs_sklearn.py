#!/usr/bin/python3
"""Hyperparameter fitting: Emulation Playground against scikit-learn on the same data.

ARD RBF + noise, d = 3, 5 random restarts in both, the same bounds in both. The data sets differ
in what makes a fit hard: short and long lengthscales, an irrelevant input, nearly noise-free
and very noisy outputs, and input columns on very different scales. Prints, per data set, the
fit times, the speed-up, both log marginal likelihoods (in the same, normalised units) and our
optimiser's iterations and likelihood evaluations, as JSON lines.
Needs Debian's python3-sklearn and a release build (bench/run.sh builds one).

    /usr/bin/python3 bench/gp_vs_sklearn.py [path/to/emuplay-cli] [--sizes 100,500] [--only NAME]
"""
import argparse
import warnings
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import scipy.optimize
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

warnings.filterwarnings("ignore")  # bound warnings: both fits share the bounds on purpose
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESTARTS = 5
REPEATS = 3


def smooth(X, rng):
    return np.sin(6.0 * X[:, 0]) + np.cos(4.0 * X[:, 1]) * X[:, 2] + 0.1 * rng.standard_normal(len(X))


def wiggly(X, rng):
    return np.sin(25.0 * X[:, 0]) * np.cos(18.0 * X[:, 1]) + X[:, 2] + 0.05 * rng.standard_normal(len(X))


def nearly_linear(X, rng):
    return 2.0 * X[:, 0] - X[:, 1] + 0.3 * X[:, 0] * X[:, 2] + 0.01 * rng.standard_normal(len(X))


def irrelevant_input(X, rng):
    return np.sin(5.0 * X[:, 0]) * X[:, 1] + 0.05 * rng.standard_normal(len(X))


def noise_free(X, rng):
    return np.sin(4.0 * X[:, 0]) + X[:, 1] ** 2 - X[:, 2] + 1e-4 * rng.standard_normal(len(X))


def very_noisy(X, rng):
    return np.sin(6.0 * X[:, 0]) + X[:, 1] + 1.0 * rng.standard_normal(len(X))


def mixed_scales(X, rng):
    # The unit-cube inputs are rescaled below; the function sees the unit cube.
    return np.sin(6.0 * X[:, 0]) + np.exp(-X[:, 1]) * np.cos(3.0 * X[:, 2]) + 0.05 * rng.standard_normal(len(X))


# name -> (function of the unit-cube inputs, scale and offset of each input column as shown to the fit)
DATA_SETS = {
    "smooth": (smooth, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
    "short_lengthscales": (wiggly, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
    "long_lengthscales": (nearly_linear, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
    "irrelevant_input": (irrelevant_input, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
    "noise_free": (noise_free, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
    "very_noisy": (very_noisy, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
    "mixed_input_scales": (mixed_scales, [200.0, 0.05, 10.0], [-100.0, 0.0, 300.0]),
}


def make_data(name, n, seed):
    function, scale, offset = DATA_SETS[name]
    rng = np.random.default_rng(seed)
    U = rng.uniform(0.0, 1.0, size=(n, 3))
    y = function(U, rng)
    return U * np.array(scale) + np.array(offset), y


def fit_emuplay(cli, path):
    """Median fit time (s), the log likelihood in y's units, iterations and evaluations."""
    times, result = [], None
    for _ in range(REPEATS):
        out = subprocess.run([cli, "gp", "--data", path, "--kernel", "rbf", "--ard", "--optimize",
                              "--restarts", str(RESTARTS), "--seed", "1"],
                             check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        times.append(result["fit"]["seconds"])
    fit = result["fit"]
    return float(np.median(times)), result["log_marginal_likelihood"], fit["iterations"], fit["evaluations"]


class CountingOptimizer:
    """scikit-learn's default optimiser (L-BFGS-B with the gradient), counting its work."""

    def __init__(self):
        self.iterations = 0
        self.evaluations = 0

    def __call__(self, objective, theta0, bounds):
        result = scipy.optimize.minimize(objective, theta0, method="L-BFGS-B", jac=True, bounds=bounds)
        self.iterations += result.nit
        self.evaluations += result.nfev
        return result.x, result.fun


def fit_sklearn(X, y):
    """Median fit time (s), the log likelihood, iterations and evaluations of the last repeat."""
    times, lml = [], None
    for rep in range(REPEATS):
        optimizer = CountingOptimizer()
        kernel = (ConstantKernel(1.0, (1e-6, 1e6)) * RBF([1.0, 1.0, 1.0], (1e-3, 1e3))
                  + WhiteKernel(0.01, (1e-10, 1e4)))
        gp = GaussianProcessRegressor(kernel, n_restarts_optimizer=RESTARTS, normalize_y=True, random_state=rep,
                                      optimizer=optimizer)
        start = time.perf_counter()
        gp.fit(X, y)
        times.append(time.perf_counter() - start)
        lml = gp.log_marginal_likelihood_value_
    return float(np.median(times)), float(lml), optimizer.iterations, optimizer.evaluations


def write_csv(X, y):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("x1,x2,x3,y\n")
        for row, target in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(target)) + "\n")
        return f.name


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cli", nargs="?", default=os.path.join(ROOT, "build", "release", "app", "emuplay-cli"))
    parser.add_argument("--sizes", default="100,500")
    parser.add_argument("--only", default="", help="comma-separated data set names")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(DATA_SETS)
    for n in (int(s) for s in args.sizes.split(",")):
        for name in names:
            X, y = make_data(name, n, seed=n)
            path = write_csv(X, y)
            try:
                ours_s, ours_lml, iterations, evaluations = fit_emuplay(args.cli, path)
            finally:
                os.unlink(path)
            sk_s, sk_lml, sk_iterations, sk_evaluations = fit_sklearn(X, y)
            # Both standardise y with the population standard deviation; emuplay reports the
            # likelihood of y in its own units, scikit-learn of the standardised y: add n·log(sd).
            ours_normalised = ours_lml + n * np.log(np.std(y))
            print(json.dumps({"benchmark": f"gp_fit_ard_rbf_d3_{name}_n{n}_restarts{RESTARTS}",
                              "emuplay_s": round(ours_s, 4), "sklearn_s": round(sk_s, 4),
                              "speedup": round(sk_s / ours_s, 2),
                              "emuplay_lml": round(float(ours_normalised), 4), "sklearn_lml": round(sk_lml, 4),
                              "emuplay_iterations": iterations, "emuplay_evaluations": evaluations,
                              "sklearn_iterations": sk_iterations, "sklearn_evaluations": sk_evaluations}),
                  flush=True)


if __name__ == "__main__":
    main()
