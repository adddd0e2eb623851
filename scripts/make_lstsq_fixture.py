"""Reference fixture for Ferry's least squares: LinearRegression and Ridge (issue 13).

Ran with scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1, mpmath 1.2.1, Python 3.11.2 (Debian 12's packages); the
JSON records the versions it was produced with under "versions".
Run with /usr/bin/python3 scripts/make_lstsq_fixture.py; writes test/fixtures/lstsq.json (then
`npx biome format --write test/fixtures/lstsq.json`). Tests never run Python:
the JSON is committed. Every float is written with Python's shortest round-trip repr, so JSON.parse gives the exact
float64 values used here.

What each case holds:
- "lstsq": numpy.linalg.lstsq(rcond=None) (rank rule eps*max(n, d) on singular values) on the design exactly as
  scikit-learn prepares it (weighted means subtracted, rows scaled by sqrt(sample_weight)); coef, intercept, rank,
  singular values and the weighted residual sum of squares of that solution on the original data, evaluated exactly
  (rational arithmetic on the float64 values).
- "rssMin": the minimum residual sum of squares of the same centered float64 problem (mpmath, 60 digits).
- "exactRelErr": how far numpy's coefficients are from the least-squares solution of the same float64 problem
  computed with mpmath at 60 digits (full-rank cases). "wellPosed" is true when that is below 1e-10: there the
  tests hold Ferry's coefficients to numpy's at relative 1e-8; elsewhere (condition 1e12) they hold the residual sum
  of squares to relative 1e-10 of numpy's.
- "sklearn": scikit-learn's own LinearRegression / Ridge fit (coef_, intercept_, predictions, score with the same
  sample weights). Note scikit-learn's LinearRegression calls scipy.linalg.lstsq, whose default rank cutoff is
  eps*sigma_max, not numpy's eps*max(n, d)*sigma_max; the cases here do not fall between the two.
"""
import json
import pathlib
import platform
from fractions import Fraction

import mpmath
import numpy as np
import scipy
import scipy.linalg
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LinearRegression, Ridge

mpmath.mp.dps = 60


def prepared(X, y, sample_weight, fit_intercept):
    """scikit-learn 1.2's _preprocess_data + _rescale_data for dense X."""
    X = np.array(X, dtype=np.float64)
    y = np.array(y, dtype=np.float64)
    if fit_intercept:
        x_off = np.average(X, axis=0, weights=sample_weight)
        y_off = np.average(y, axis=0, weights=sample_weight)
    else:
        x_off = np.zeros(X.shape[1])
        y_off = np.zeros(y.shape[1:]) if y.ndim > 1 else 0.0
    Xc = X - x_off
    yc = y - y_off
    if sample_weight is not None:
        s = np.sqrt(np.asarray(sample_weight, dtype=np.float64))
        Xc = Xc * s[:, None]
        yc = yc * (s[:, None] if yc.ndim > 1 else s)
    return Xc, yc, x_off, y_off


def weighted_rss(X, y, coef, intercept, sample_weight):
    """Σ w·(y − X·coefᵀ − intercept)² per target, in exact rational arithmetic on the float64 values (with
    coefficients near 1e9, as at condition 1e12, a float64 evaluation is off by 1e-6 relative)."""
    X = np.asarray(X)
    Y = np.asarray(y).reshape(X.shape[0], -1)
    C = np.asarray(coef).reshape(Y.shape[1], X.shape[1])
    B = np.asarray(intercept, dtype=np.float64).reshape(-1)
    w = np.ones(X.shape[0]) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    Xf = [[Fraction(float(v)) for v in row] for row in X]
    out = []
    for c in range(Y.shape[1]):
        cf = [Fraction(float(v)) for v in C[c]]
        b = Fraction(float(B[c])) if B.size else Fraction(0)
        total = Fraction(0)
        for i, row in enumerate(Xf):
            r = Fraction(float(Y[i, c])) - b - sum(a * k for a, k in zip(row, cf))
            total += Fraction(float(w[i])) * r * r
        out.append(float(total))
    return out[0] if np.asarray(y).ndim == 1 else out


def exact_solution(Xc, yc):
    """Least squares of the float64 problem (Xc, yc) to 60 digits by mpmath's Householder QR."""
    keep = np.any(Xc != 0, axis=1)  # rows of weight 0 add nothing (and upset mpmath's Householder)
    A = mpmath.matrix(Xc[keep].tolist())
    Y = (yc if yc.ndim > 1 else yc[:, None])[keep]
    cols = []
    rss = []
    for j in range(Y.shape[1]):
        x, res = mpmath.qr_solve(A, mpmath.matrix(Y[:, j].tolist()))
        cols.append([float(v) for v in x])
        rss.append(float(res**2))
    return np.array(cols).T, rss  # d x t, t minimum residual sums of squares


def lstsq_case(name, X, y, sample_weight=None, fit_intercept=True, well_posed=None, note=""):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    Xc, yc, x_off, y_off = prepared(X, y, sample_weight, fit_intercept)
    coef, _, rank, sv = np.linalg.lstsq(Xc, yc, rcond=None)
    coef_t = coef.T  # t x d (or d for 1-d y)
    intercept = (y_off - x_off @ coef) if fit_intercept else (np.zeros(y.shape[1]) if y.ndim > 1 else 0.0)
    cond = float(sv[0] / sv[min(n, d) - 1]) if sv[min(n, d) - 1] > 0 else float("inf")
    exact_err = None
    rss_min = None
    if rank == d and n >= d:
        ex, rss_min = exact_solution(Xc, yc)
        got = coef if coef.ndim > 1 else coef[:, None]
        exact_err = float(np.max(np.linalg.norm(got - ex, axis=0) / np.linalg.norm(ex, axis=0)))
    if well_posed is None:
        well_posed = exact_err is not None and exact_err < 1e-10
    skl = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=sample_weight)
    print(
        f"{name:28s} n={n:4d} d={d:2d} rank={rank:2d} cond={cond:.3g} numpy-vs-exact={exact_err} "
        f"wellPosed={well_posed} sklearn-vs-numpy={np.max(np.abs(skl.coef_ - coef_t)):.3g}"
    )
    return {
        "name": name,
        "note": note,
        "X": X.tolist(),
        "y": y.tolist(),
        "sampleWeight": None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64).tolist(),
        "fitIntercept": fit_intercept,
        "condition": cond,
        "wellPosed": bool(well_posed),
        "exactRelErr": exact_err,
        "lstsq": {
            "coef": coef_t.tolist(),
            "intercept": np.asarray(intercept).tolist(),
            "rank": int(rank),
            "singular": sv.tolist(),
            "rss": weighted_rss(X, y, coef_t, intercept, sample_weight),
        },
        "rssMin": None if rss_min is None else (rss_min[0] if y.ndim == 1 else rss_min),
        "sklearn": {
            "coef_": skl.coef_.tolist(),
            "intercept_": np.asarray(skl.intercept_).tolist(),
            "rank_": int(skl.rank_),
            "singular_": skl.singular_.tolist(),
            "predict": skl.predict(X).tolist(),
            "score": float(skl.score(X, y, sample_weight=sample_weight)),
        },
    }


def ridge_case(name, X, y, sample_weight=None, note="", **params):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    m = Ridge(**params).fit(X, y, sample_weight=sample_weight)
    print(f"{name:28s} Ridge{params}")
    return {
        "name": name,
        "note": note,
        "params": params,
        "X": X.tolist(),
        "y": y.tolist(),
        "sampleWeight": None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64).tolist(),
        "coef_": m.coef_.tolist(),
        "intercept_": np.asarray(m.intercept_).tolist(),
        "predict": m.predict(X).tolist(),
        "score": float(m.score(X, y, sample_weight=sample_weight)),
    }


def near_collinear(rng, n, target_cond):
    """Four random columns plus two that nearly repeat combinations of them; delta tuned to the target condition."""
    Z = rng.standard_normal((n, 4))
    E = rng.standard_normal((n, 2))
    noise = rng.standard_normal(n)

    def design(delta):
        return np.column_stack([Z, Z[:, 0] + delta * E[:, 0], Z[:, 1] - Z[:, 2] + delta * E[:, 1]])

    lo, hi = -20.0, 2.0  # log10(delta)
    for _ in range(80):
        mid = (lo + hi) / 2
        Xm = design(10**mid)
        c = np.linalg.cond(Xm - Xm.mean(axis=0))
        if c > target_cond:
            lo = mid
        else:
            hi = mid
    X = design(10 ** ((lo + hi) / 2))
    y = X @ np.array([1.5, -2.0, 0.5, 3.0, 1.0, -1.0]) + 0.7 + 0.05 * noise
    return X, y


def main():
    rng = np.random.default_rng(20261129)
    cases = []
    ridge = []

    iris = load_iris().data
    sl = iris[:, 0]
    X_poly = np.column_stack([sl**p for p in range(1, 6)])
    cases.append(
        lstsq_case(
            "iris-poly5",
            X_poly,
            iris[:, 2],
            note="petal length on sepal length, degree-5 polynomial features (issue 13's example)",
        )
    )

    bc = load_breast_cancer()
    cases.append(lstsq_case("breast-cancer-raw", bc.data, bc.target.astype(np.float64), note="raw features, 0/1 target"))

    for cond in (1e4, 1e8, 1e12):
        X, y = near_collinear(rng, 151, cond)
        cases.append(lstsq_case(f"near-collinear-{cond:.0e}", X, y, note=f"condition about {cond:.0e}"))

    Z = rng.standard_normal((83, 3))
    X_dup = np.column_stack([Z[:, 0], Z[:, 1], Z[:, 0], Z[:, 2]])
    y_dup = X_dup @ np.array([2.0, -1.0, 2.0, 0.5]) + 0.1 * rng.standard_normal(83)
    cases.append(
        lstsq_case(
            "duplicated-column", X_dup, y_dup, well_posed=True, note="exact duplicate: rank 3, minimum-norm solution"
        )
    )

    Z = rng.standard_normal((64, 3))
    X_sum = np.column_stack([Z, Z[:, 0] + Z[:, 1]])
    y_sum = Z @ np.array([1.0, 2.0, -3.0]) + 0.1 * rng.standard_normal(64)
    cases.append(
        lstsq_case(
            "sum-column",
            X_sum,
            y_sum,
            well_posed=True,
            note="x4 = x1 + x2 in float64: singular value ~1e-16 relative, below eps*max(n,d): rank 3",
        )
    )

    X_wide = rng.standard_normal((9, 14))
    y_wide = rng.standard_normal(9)
    cases.append(lstsq_case("wide", X_wide, y_wide, well_posed=True, note="n < d: minimum-norm interpolation"))

    X_w = rng.standard_normal((97, 4))
    y_w = X_w @ np.array([0.5, -1.0, 2.0, 1.0]) + 3 + 0.3 * rng.standard_normal(97)
    w = rng.uniform(0, 3, 97)
    w[[3, 10, 50]] = 0.0
    cases.append(lstsq_case("weighted", X_w, y_w, sample_weight=w, note="sample weights, three of them zero"))
    Y2 = np.column_stack([y_w, -2 * y_w + X_w[:, 0] ** 2])
    cases.append(lstsq_case("weighted-2-targets", X_w, Y2, sample_weight=w, note="two targets, sample weights"))
    cases.append(
        lstsq_case(
            "weighted-no-intercept", X_w, y_w, sample_weight=w, fit_intercept=False, note="fit_intercept=False"
        )
    )
    cases.append(lstsq_case("iris-poly5-weighted", X_poly, iris[:, 2], sample_weight=1 + iris[:, 3], note="weights"))

    ridge.append(ridge_case("ridge-weighted", X_w, y_w, sample_weight=w, alpha=1.0))
    ridge.append(ridge_case("ridge-weighted-2-targets", X_w, Y2, sample_weight=w, alpha=2.5))
    ridge.append(ridge_case("ridge-no-intercept-weighted", X_w, y_w, sample_weight=w, alpha=0.7, fit_intercept=False))
    ridge.append(ridge_case("ridge-svd", X_w, y_w, alpha=0.5, solver="svd"))
    ridge.append(ridge_case("ridge-svd-weighted", X_w, y_w, sample_weight=w, alpha=0.5, solver="svd"))
    ridge.append(ridge_case("ridge-wide", X_wide, y_wide, alpha=1.0))
    # A constant column is exactly zero once centered (mean of 64 threes is exactly 3): X'X is singular, the
    # Cholesky factorisation fails, and scikit-learn falls back to its 'svd' solver.
    X_const = np.column_stack([X_w[:64, :3], np.full(64, 3.0)])
    Xc = X_const - X_const.mean(axis=0)
    try:
        scipy.linalg.cho_factor(Xc.T @ Xc)
        raise SystemExit("expected the Cholesky factorisation of the constant-column Gram matrix to fail")
    except np.linalg.LinAlgError:
        pass
    fallback = ridge_case(
        "ridge-alpha0-constant-column",
        X_const,
        y_w[:64],
        alpha=0.0,
        note="Cholesky fails on the exactly singular X'X; scikit-learn falls back to 'svd'",
    )
    explicit_svd = Ridge(alpha=0.0, solver="svd").fit(X_const, y_w[:64])
    assert np.array_equal(explicit_svd.coef_, np.asarray(fallback["coef_"])), "scikit-learn did not fall back to svd"
    ridge.append(fallback)
    X_poly_ill = X_poly[:, :4]
    ridge.append(
        ridge_case("ridge-poly-tiny-alpha-svd", X_poly_ill, iris[:, 2], alpha=1e-12, solver="svd", note="ill-conditioned")
    )

    out = {
        "versions": {
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "mpmath": mpmath.__version__,
            "python": platform.python_version(),
            "generator": "scripts/make_lstsq_fixture.py",
        },
        "lstsq": cases,
        "ridge": ridge,
    }
    path = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "lstsq.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
