#!/usr/bin/python3
"""Regenerate test/fixtures/logreg-features.json: scikit-learn references for LogisticRegression's sample_weight,
string class labels, score (weighted accuracy), predict_log_proba, liblinear one-vs-rest (with class weights) and
liblinear's dual formulation, all on iris (bundled with scikit-learn).

Tight solver tolerances (tol=1e-10) so that the references are the optima, up to lbfgs's scipy ftol stop (2.2e-9
relative decrease of f, about 1e-5 relative in the coefficients). The version that produced the file is recorded under
"versions". Run from the repository root:  /usr/bin/python3 scripts/make_logreg_features_fixture.py
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

X, y = load_iris(return_X_y=True)
names = load_iris().target_names
rng = np.random.default_rng(13)
weights = rng.integers(0, 4, size=len(y)).astype(float)  # includes zeros, like dropping those rows


def fit(params, Xf, yf, sample_weight=None):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return LogisticRegression(**params).fit(Xf, yf, sample_weight=sample_weight)


def record(name, params, Xf, yf, sample_weight=None, score_weight=None):
    m = fit(params, Xf, yf, sample_weight)
    out = {
        'name': name, 'params': params,
        'y': yf.tolist(),
        'sample_weight': None if sample_weight is None else sample_weight.tolist(),
        'classes_': m.classes_.tolist(), 'coef_': m.coef_.tolist(), 'intercept_': m.intercept_.tolist(),
        'n_iter_': np.asarray(m.n_iter_).tolist(),
        'predict': m.predict(Xf).tolist(), 'predict_proba': m.predict_proba(Xf).tolist(),
        'score': float(m.score(Xf, yf)),
    }
    if score_weight is not None:
        out['score_weight'] = score_weight.tolist()
        out['weighted_score'] = float(m.score(Xf, yf, sample_weight=score_weight))
        out['predict_log_proba'] = m.predict_log_proba(Xf).tolist()
    return out


tight = {'tol': 1e-10, 'max_iter': 10000}
string_y = names[y]
binary_rows = y > 0
spam_ham = np.where(y[binary_rows] == 1, 'spam', 'ham')
cases = [
    # sample_weight: multinomial lbfgs, and the same optimum by newton-cg at tol 1e-10 for the coefficient check.
    record('sample_weight_multinomial', {'solver': 'lbfgs', **tight}, X, y, sample_weight=weights),
    record('sample_weight_multinomial_newton_cg', {'solver': 'newton-cg', **tight}, X, y, sample_weight=weights),
    record('sample_weight_binary', {'solver': 'lbfgs', **tight}, X[binary_rows], y[binary_rows],
           sample_weight=weights[binary_rows]),
    # string labels
    record('string_labels_multinomial', {'solver': 'lbfgs', **tight}, X, string_y, score_weight=weights),
    record('string_labels_binary', {'solver': 'lbfgs', **tight}, X[binary_rows], spam_ham,
           score_weight=weights[binary_rows]),
    # liblinear one-vs-rest, plain and with class weights (positives weighted by their class, negatives by 1)
    record('liblinear_ovr_l2', {'solver': 'liblinear', **tight}, X, y),
    record('liblinear_ovr_l2_class_weight', {'solver': 'liblinear', 'class_weight': {0: 2.0, 2: 0.5}, **tight}, X, y),
    record('liblinear_ovr_l1', {'solver': 'liblinear', 'penalty': 'l1', **tight}, X, y),
    # liblinear's dual formulation (l2 only): the same optimum as the primal
    record('liblinear_dual_binary', {'solver': 'liblinear', 'dual': True, **tight}, X[binary_rows], y[binary_rows]),
    # default settings with sample weights
    record('sample_weight_defaults', {}, X, y, sample_weight=weights, score_weight=weights),
]
for c in cases:
    if 'class_weight' in c['params']:
        c['params']['class_weight'] = {str(k): v for k, v in c['params']['class_weight'].items()}

out = {
    'versions': {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'scipy': scipy.__version__,
                 'generator': 'scripts/make_logreg_features_fixture.py'},
    'notes': ['X = load_iris().data (150x4); binary cases use rows with target > 0 (versicolor vs virginica)',
              'sample weights: np.random.default_rng(13).integers(0, 4, 150)',
              'string labels: iris target_names, and spam (versicolor) / ham (virginica)'],
    'X': X.tolist(),
    'binary_rows': np.flatnonzero(binary_rows).tolist(),
    'cases': cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'logreg-features.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print('wrote', os.path.normpath(path), os.path.getsize(path), 'bytes')
for c in cases:
    print(c['name'], c['n_iter_'], c['score'], c.get('weighted_score'))
