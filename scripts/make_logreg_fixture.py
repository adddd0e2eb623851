#!/usr/bin/python3
"""Regenerate test/fixtures/logreg.json: four binary LogisticRegression fits on 200x4 synthetic data (lbfgs l2 with and
without intercept, liblinear l1, saga l1) with scikit-learn (Debian: apt-get install python3-sklearn). The logreg part
of the original /work/shared/fixtures/make_fixtures.py, moved into the repository; the versions that produced the file
are recorded under "versions". Inputs are rounded to 6 decimals so that parsing the JSON yields exactly the doubles the
models were fitted on.

Run from the repository root:  /usr/bin/python3 scripts/make_logreg_fixture.py
"""
import json
import os
import platform

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression


def r6(a):
    return np.vectorize(lambda v: float(f'{v:.6f}'))(np.asarray(a, dtype=np.float64))


def tolist(a):
    return np.asarray(a).tolist()


VERS = {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'scipy': scipy.__version__,
        'python': platform.python_version(), 'generator': 'scripts/make_logreg_fixture.py'}

# ---------------- logreg.json ----------------
SEED_LR = 12345
rng = np.random.default_rng(SEED_LR)
X = r6(rng.standard_normal((200, 4)) * np.array([1.0, 2.0, 0.5, 1.5]) + np.array([0.0, 1.0, -0.5, 0.0]))
w_true = np.array([1.5, -0.8, 2.0, 0.0]); b_true = 0.3
y = ((X @ w_true + b_true + 1.0 * rng.standard_normal(200)) > 0).astype(int)
configs = [
    ('lbfgs_l2_C1_intercept', dict(solver='lbfgs', penalty='l2', C=1.0, fit_intercept=True)),
    ('lbfgs_l2_C0.1_nointercept', dict(solver='lbfgs', penalty='l2', C=0.1, fit_intercept=False)),
    ('liblinear_l1_C1', dict(solver='liblinear', penalty='l1', C=1.0, random_state=0)),
    ('saga_l1_C0.5', dict(solver='saga', penalty='l1', C=0.5, max_iter=5000, random_state=0)),
]
def objective(m, cfg):
    # sklearn primal objective for binary LR with labels in {0,1} -> s=2y-1:
    #   C * sum_i log(1+exp(-s_i*(x_i.w + b))) + R(w)   ; R = 0.5*||w||^2 (l2) or ||w||_1 (l1)
    # liblinear additionally penalizes the intercept (intercept_scaling=1 -> b is treated as an extra weight).
    w = m.coef_.ravel(); b = float(m.intercept_[0]) if m.fit_intercept else 0.0
    s = 2 * y - 1; z = X @ w + b
    loss = cfg['C'] * np.sum(np.logaddexp(0, -s * z))
    ww = np.append(w, b) if (cfg['solver'] == 'liblinear' and m.fit_intercept) else w
    reg = 0.5 * ww @ ww if cfg['penalty'] == 'l2' else np.abs(ww).sum()
    return float(loss + reg)
models = []
for name, cfg in configs:
    m = LogisticRegression(**cfg).fit(X, y)
    full = m.get_params()
    models.append({
        'name': name,
        'params': {k: full[k] for k in ('solver', 'penalty', 'C', 'fit_intercept', 'max_iter', 'tol', 'intercept_scaling', 'random_state', 'multi_class')},
        'coef_': tolist(m.coef_), 'intercept_': tolist(m.intercept_), 'n_iter_': tolist(m.n_iter_),
        'classes_': tolist(m.classes_),
        'objective': objective(m, cfg),
        'predict_proba': tolist(m.predict_proba(X)), 'predict': tolist(m.predict(X)),
        'train_accuracy': float(m.score(X, y)),
    })
logreg = {
    'versions': VERS,
    'dataset': {
        'description': '200x4 float64; rng=np.random.default_rng(12345); X=rng.standard_normal((200,4))*[1,2,0.5,1.5]+[0,1,-0.5,0], '
                       'rounded to 6 decimals; y=(X@[1.5,-0.8,2.0,0.0]+0.3+rng.standard_normal(200) > 0) (noise drawn after X, same rng).',
        'seed': SEED_LR, 'n_samples': 200, 'n_features': 4, 'X': tolist(X), 'y': tolist(y)},
    'notes': ['predict_proba rows are [P(y=0), P(y=1)]; classes_=[0,1]',
              'liblinear penalizes the intercept (intercept_scaling=1.0); lbfgs/saga do not',
              'liblinear l1 and saga results depend on random_state (coordinate/sample shuffling) and tol; saga tolerance-limited -> compare with ~1e-3 rel tol; compare objective values for robust checks',
              'objective = C*sum(log(1+exp(-s*(Xw+b)))) + R(w), s=2y-1, R=0.5||w||^2 (l2) or ||w||_1 (l1), liblinear: b included in R'],
    'models': models,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'logreg.json')
with open(path, 'w') as f:
    json.dump(logreg, f, indent=1)
print('wrote', os.path.normpath(path))
