#!/usr/bin/python3
"""Regenerate test/fixtures/logreg-multinomial.json with scikit-learn (apt python3-sklearn).

Run from the repository root:  /usr/bin/python3 scripts/make_multinomial_fixture.py
"""
import json
import os
import warnings

import numpy as np
import sklearn
import scipy
from sklearn.linear_model import LogisticRegression


def tolist(a):
    return np.asarray(a).tolist()


def r6(a):
    return np.round(a, 6)


def softmax_objective(m, X, y, C, penalty):
    """C * sum_i -log softmax(x_i W^T + b)_{y_i} + R(W); R = 0.5||W||^2 (l2) or ||W||_1 (l1), b unpenalized."""
    Z = X @ m.coef_.T + m.intercept_
    Zmax = Z.max(axis=1, keepdims=True)
    lse = (Zmax[:, 0] + np.log(np.exp(Z - Zmax).sum(axis=1)))
    idx = np.searchsorted(m.classes_, y)
    loss = C * float(np.sum(lse - Z[np.arange(len(y)), idx]))
    W = m.coef_.ravel()
    reg = 0.5 * float(W @ W) if penalty == 'l2' else float(np.abs(W).sum())
    return loss + reg


SEED = 2024
rng = np.random.default_rng(SEED)
n_per, d, k = 50, 4, 3
centers = np.array([[0.0, 1.0, -1.0, 0.5], [1.5, -0.5, 0.5, 0.0], [-1.0, -1.0, 1.0, -0.5]])
X = np.vstack([centers[c] + rng.standard_normal((n_per, d)) * 1.2 for c in range(k)])
y = np.repeat(np.arange(k), n_per)
perm = rng.permutation(len(y))
X = r6(X[perm])
y = y[perm]

configs = [
    ('lbfgs_l2_C1_multinomial', dict(solver='lbfgs', penalty='l2', C=1.0, multi_class='multinomial', tol=1e-10,
                                    max_iter=10000)),
    ('saga_l1_C1_multinomial', dict(solver='saga', penalty='l1', C=1.0, multi_class='multinomial', tol=1e-10,
                                   max_iter=200000, random_state=0)),
]
models = []
for name, cfg in configs:
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        m = LogisticRegression(**cfg).fit(X, y)
    full = m.get_params()
    models.append({
        'name': name,
        'params': {k2: full[k2] for k2 in ('solver', 'penalty', 'C', 'fit_intercept', 'max_iter', 'tol', 'multi_class',
                                            'random_state')},
        'coef_': tolist(m.coef_), 'intercept_': tolist(m.intercept_), 'n_iter_': tolist(m.n_iter_),
        'classes_': tolist(m.classes_),
        'objective': softmax_objective(m, X, y, cfg['C'], cfg['penalty']),
        'predict_proba': tolist(m.predict_proba(X)), 'predict': tolist(m.predict(X)),
        'train_accuracy': float(m.score(X, y)),
    })

# Neuraxle's seed example: four points, four classes, default LogisticRegression.
Xs = np.array([[0.0], [1.0], [2.0], [3.0]])
ys = np.array([0, 2, 4, 6])
ms = LogisticRegression().fit(Xs, ys)
seed_case = {
    'X': tolist(Xs), 'y': tolist(ys), 'params': 'LogisticRegression() defaults: lbfgs, l2, C=1, max_iter=100, tol=1e-4',
    'classes_': tolist(ms.classes_), 'coef_': tolist(ms.coef_), 'intercept_': tolist(ms.intercept_),
    'n_iter_': tolist(ms.n_iter_), 'predict': tolist(ms.predict(Xs)), 'predict_proba': tolist(ms.predict_proba(Xs)),
    'objective': softmax_objective(ms, Xs, ys, 1.0, 'l2'),
}

out = {
    'versions': {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'scipy': scipy.__version__,
                 'generator': 'scripts/make_multinomial_fixture.py'},
    'dataset': {
        'description': f'150x4 float64, 3 classes x 50; rng=np.random.default_rng({SEED}); X = centers[c] + 1.2*N(0,1), '
                       'rows shuffled by rng.permutation, rounded to 6 decimals',
        'seed': SEED, 'n_samples': int(X.shape[0]), 'n_features': d, 'n_classes': k, 'X': tolist(X), 'y': tolist(y)},
    'notes': ['objective = C*sum_i(logsumexp(z_i) - z_{i,y_i}) + R(W), z = X W^T + b, R = 0.5||W||^2 (l2) or ||W||_1 (l1); '
              'intercepts unpenalized',
              'classes_ are the sorted labels; coef_ rows follow classes_'],
    'models': models,
    'neuraxle_seed': seed_case,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'logreg-multinomial.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
print('wrote', os.path.normpath(path))
for mm in models:
    print(mm['name'], mm['n_iter_'], mm['objective'], mm['train_accuracy'])
print('seed predict', seed_case['predict'], 'coef', seed_case['coef_'], 'intercept', seed_case['intercept_'])
