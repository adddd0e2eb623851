#!/usr/bin/python3
"""Regenerate test/fixtures/logreg-ovr.json: scikit-learn 1.2's LogisticRegression(multi_class='ovr') with its lbfgs
solver (one binary problem per class) on iris, at a tight tolerance, with class weights (a dict: each sample weighs by
its own label; 'balanced': recomputed per binary problem), sample weights and string labels; plus two cases at default
settings. Run from the repository root (Debian: apt-get install python3-sklearn):
  /usr/bin/python3 scripts/make_logreg_ovr_fixture.py [output path]
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

X, y = load_iris(return_X_y=True)
names = np.array(['setosa', 'versicolor', 'virginica'])
rng = np.random.default_rng(7)
sample_weight = np.round(rng.uniform(0.5, 2.0, size=len(y)), 3)
TIGHT = dict(tol=1e-10, max_iter=10000)

configs = [
    ('ovr_lbfgs', dict(multi_class='ovr', **TIGHT), y, None),
    ('ovr_lbfgs_C0.1', dict(multi_class='ovr', C=0.1, **TIGHT), y, None),
    ('ovr_lbfgs_class_weight_dict', dict(multi_class='ovr', class_weight={0: 1.0, 1: 3.0, 2: 0.5}, **TIGHT), y, None),
    ('ovr_lbfgs_balanced', dict(multi_class='ovr', class_weight='balanced', **TIGHT), y[:120], None),
    ('ovr_lbfgs_sample_weight', dict(multi_class='ovr', **TIGHT), y, sample_weight),
    ('ovr_lbfgs_strings', dict(multi_class='ovr', **TIGHT), names[y], None),
    ('ovr_lbfgs_no_intercept', dict(multi_class='ovr', fit_intercept=False, **TIGHT), y, None),
    ('ovr_defaults', dict(multi_class='ovr'), y, None),
]

cases = []
for name, params, labels, sw in configs:
    rows = X[: len(labels)]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        m = LogisticRegression(**params).fit(rows, labels, sample_weight=sw)
    cases.append({
        'name': name,
        'params': {k: (v if not isinstance(v, dict) else {str(a): b for a, b in v.items()}) for k, v in params.items()},
        'rows': len(labels),
        'y': labels.tolist(),
        'sample_weight': None if sw is None else sw.tolist(),
        'classes_': m.classes_.tolist(),
        'coef_': m.coef_.tolist(),
        'intercept_': m.intercept_.tolist(),
        'n_iter_': m.n_iter_.tolist(),
        'predict': m.predict(rows).tolist(),
        'predict_proba': m.predict_proba(rows).tolist(),
    })

out = {
    'versions': {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'scipy': scipy.__version__,
                 'generator': 'scripts/make_logreg_ovr_fixture.py'},
    'dataset': 'iris (sklearn.datasets.load_iris), first `rows` rows; sample weights rng=np.random.default_rng(7) '
               'uniform(0.5, 2), rounded to 3 decimals',
    'X': X.tolist(),
    'cases': cases,
}
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test',
                                                            'fixtures', 'logreg-ovr.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
print('wrote', os.path.normpath(path))
