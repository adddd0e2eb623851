#!/usr/bin/python3
"""Regenerate test/fixtures/logreg-datasets.json: LogisticRegression() at DEFAULT settings on the three classification
data sets that ship with scikit-learn (digits, wine, breast-cancer), with a fixed stratified train/test split.

Ferry follows scikit-learn 1.2 (lbfgs minimises sum_i sw_i*loss_i + ||w||^2/(2C), scipy L-BFGS-B defaults, gtol=tol);
the version that produced the file is recorded under "versions". Run from the repository root (Debian:
apt-get install python3-sklearn):  /usr/bin/python3 scripts/make_logreg_datasets_fixture.py
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from scipy import optimize
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.model_selection import train_test_split


def objective(m, X, y, C=1.0):
    """scikit-learn 1.2's lbfgs objective: sum_i loss_i + ||W||^2 / (2C) (multinomial: softmax loss, K rows)."""
    Z = X @ m.coef_.T + m.intercept_
    if Z.shape[1] == 1:
        z = Z[:, 0]
        s = np.where(y == m.classes_[1], 1.0, -1.0)
        loss = np.logaddexp(0.0, -s * z).sum()
    else:
        zmax = Z.max(axis=1)
        lse = zmax + np.log(np.exp(Z - zmax[:, None]).sum(axis=1))
        loss = (lse - Z[np.arange(len(y)), np.searchsorted(m.classes_, y)]).sum()
    return float(loss + 0.5 * float((m.coef_ ** 2).sum()) / C)


def compact(a):
    """Integral arrays (digits' pixel counts) as ints, to keep the fixture small."""
    a = np.asarray(a)
    return a.astype(int).tolist() if np.all(a == np.round(a)) else a.tolist()


def lbfgs_trace(X, y, classes, iterations=10):
    """The objective after each of the first iterations of the L-BFGS-B run LogisticRegression() makes (same loss,
    same scipy call as sklearn/linear_model/_logistic.py in 1.2), to check Ferry's solver step for step."""
    if len(classes) == 2:
        loss = LinearModelLoss(base_loss=HalfBinomialLoss(), fit_intercept=True)
        target, w0 = (y == classes[1]).astype(float), np.zeros(X.shape[1] + 1)
    else:
        loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
        target, w0 = np.searchsorted(classes, y).astype(float), np.zeros(len(classes) * (X.shape[1] + 1))
    sw = np.ones(len(y))
    fs = []
    optimize.minimize(loss.loss_gradient, w0, method='L-BFGS-B', jac=True, args=(X, target, sw, 1.0, 1),
                      options={'gtol': 1e-4, 'maxiter': iterations},
                      callback=lambda w: fs.append(float(loss.loss(w, X, target, sw, 1.0))))
    return fs


cases = []
for name, loader in (('digits', load_digits), ('wine', load_wine), ('breast_cancer', load_breast_cancer)):
    X, y = loader(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always', ConvergenceWarning)
        m = LogisticRegression().fit(X_train, y_train)
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        tight = LogisticRegression(solver='newton-cg', tol=1e-10, max_iter=10000).fit(X_train, y_train)
    cases.append({
        'name': name,
        'X_train': compact(X_train), 'y_train': y_train.tolist(), 'X_test': compact(X_test), 'y_test': y_test.tolist(),
        'classes_': m.classes_.tolist(),
        'n_iter_': int(m.n_iter_[0]),
        'convergence_warning': warned,
        'predict_test': m.predict(X_test).tolist(),
        'test_accuracy': float(m.score(X_test, y_test)),
        'objective': objective(m, X_train, y_train),
        'optimum_objective': objective(tight, X_train, y_train),
        'optimum_test_accuracy': float(tight.score(X_test, y_test)),
        'lbfgs_trace': lbfgs_trace(X_train, y_train, m.classes_),
    })

out = {
    'versions': {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'scipy': scipy.__version__,
                 'generator': 'scripts/make_logreg_datasets_fixture.py'},
    'notes': ['LogisticRegression() defaults: lbfgs, l2, C=1, tol=1e-4, max_iter=100, multinomial for >2 classes',
              'split: train_test_split(X, y, test_size=0.25, random_state=0, stratify=y) on sklearn.datasets loaders',
              'objective = sum_i loss_i + ||coef||^2/2 (intercept unpenalised); optimum = newton-cg tol=1e-10'],
    'cases': cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'logreg-datasets.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print('wrote', os.path.normpath(path), os.path.getsize(path), 'bytes')
for c in cases:
    print(c['name'], 'n_iter', c['n_iter_'], 'warn', c['convergence_warning'], 'acc', c['test_accuracy'],
          'obj', c['objective'], 'opt', c['optimum_objective'], 'opt acc', c['optimum_test_accuracy'])
