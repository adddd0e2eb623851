#!/usr/bin/python3
"""Fits the scikit-learn pipelines of the ONNX side-by-side (issue 16 part 5) and writes, for each:

- `<name>.f32.onnx`: the graph sklearn-onnx (skl2onnx) builds for a float32 input, its default: `ai.onnx.ml`
  Scaler, LinearClassifier (binary: rows [-w, w] with LOGISTIC; multinomial: SOFTMAX then an L1 Normalizer),
  LinearRegressor, and plain Sub/MatMul/ReduceSumSquare/ArgMin for PCA and KMeans. onnxruntime computes these in
  float32;
- `<name>.f64.onnx`: the graph skl2onnx builds for a float64 input (the ML operators have no double kernels, so:
  Sub/Div, MatMul, Add, Sigmoid + L1 normalisation or Softmax, ArgMax, Gather);
- `ferry/<name>/`: the Ferry dump of the same fitted estimators, written by `ferryml.sklearn.export` (the repository's
  Python package, python/; its `.ferry-generation` file, a random id per save, is removed so that the committed
  files are reproducible: a tree without it loads as before);
- `reference.json`: the input rows and scikit-learn's own outputs on them (predict_proba and predict, transform,
  or predict), the numbers the tests compare both runtimes with.

skl2onnx cannot be installed here, so the graphs are built with onnx.helper following its converters
(skl2onnx/operator_converters: linear_classifier.py, scaler_op.py, decomposition.py, k_means.py,
linear_regressor.py), without the ZipMap it appends by default (`options={'zipmap': False}`).

Imports ferryml from python/ beside this repository's sources (no pip install needed). Run from the repository root
(Debian: apt-get install python3-sklearn python3-onnx python3-msgpack python3-xxhash):
  /usr/bin/python3 bench/onnx/make_onnx.py [outdir]      (default bench/onnx/models)
"""
import json
import os
import shutil
import sys

import numpy as np
import onnx
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.cluster import KMeans
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.dont_write_bytecode = True  # no __pycache__ in the repository
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, 'python'))
from ferryml.sklearn import export  # noqa: E402

OPSETS = [helper.make_opsetid('', 15), helper.make_opsetid('ai.onnx.ml', 3)]
ML = 'ai.onnx.ml'


class Graph:
    """Nodes and initializers of one ONNX graph, in the input's element type."""

    def __init__(self, dtype):
        self.dtype = dtype
        self.elem = TensorProto.FLOAT if dtype == np.float32 else TensorProto.DOUBLE
        self.nodes, self.inits, self.count = [], [], 0

    def const(self, name, value, dtype=None):
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype or self.dtype), name))
        return name

    def node(self, op, inputs, n_out=1, domain='', **attrs):
        self.count += 1
        outs = [f'{op.lower()}{self.count}_{i}' for i in range(n_out)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=f'{op}{self.count}', domain=domain, **attrs))
        return outs[0] if n_out == 1 else outs

    def model(self, name, x, d, outputs):
        """outputs: (tensor name in the graph, output name, element type, shape)."""
        for src, dst, _, _ in outputs:
            self.nodes.append(helper.make_node('Identity', [src], [dst], name=f'out_{dst}'))
        graph = helper.make_graph(
            self.nodes, name, [helper.make_tensor_value_info(x, self.elem, [None, d])],
            [helper.make_tensor_value_info(dst, elem, shape) for _, dst, elem, shape in outputs], self.inits)
        m = helper.make_model(graph, opset_imports=OPSETS, producer_name='ferryml bench/onnx/make_onnx.py')
        m.ir_version = 8
        onnx.checker.check_model(m)
        return m


# --- skl2onnx's converters, step by step -------------------------------------------------------------------------

def scaler(g, x, sc):
    if g.dtype == np.float32:  # scaler_op.py: Scaler(offset=mean, scale=1/scale)
        return g.node('Scaler', [x], domain=ML, offset=sc.mean_.astype(np.float32).tolist(),
                      scale=(1.0 / sc.scale_).astype(np.float32).tolist())
    return g.node('Div', [g.node('Sub', [x, g.const('mean', sc.mean_)]), g.const('scale', sc.scale_)])


def pca(g, x, p):  # decomposition.py: MatMul(Sub(X, mean), components.T)
    return g.node('MatMul', [g.node('Sub', [x, g.const('pca_mean', p.mean_)]), g.const('components', p.components_.T)])


def logistic(g, x, lr):
    """(label, probabilities) as linear_classifier.py builds them."""
    k, classes = len(lr.classes_), lr.classes_.astype(np.int64)
    coef, intercept = lr.coef_, lr.intercept_
    if k == 2:
        coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    if g.dtype == np.float32:
        label, proba = g.node('LinearClassifier', [x], n_out=2, domain=ML, coefficients=coef.ravel().tolist(),
                              intercepts=intercept.tolist(), classlabels_ints=classes.tolist(),
                              multi_class=0 if k == 2 else 1, post_transform='LOGISTIC' if k == 2 else 'SOFTMAX')
        if k > 2:
            proba = g.node('Normalizer', [proba], domain=ML, norm='L1')
        return label, proba
    raw = g.node('Add', [g.node('MatMul', [x, g.const('coef', coef.T)]), g.const('intercept', intercept)])
    index = g.node('ArgMax', [raw], axis=1, keepdims=0)
    label = g.node('Gather', [g.const('classes', classes, np.int64), index])
    if k == 2:
        sig = g.node('Sigmoid', [raw])
        proba = g.node('Div', [sig, g.node('ReduceSum', [sig, g.const('axis1', [1], np.int64)], keepdims=1)])
    else:
        proba = g.node('Softmax', [raw], axis=1)
    return label, proba


def kmeans(g, x, km):
    """(label, distances) as k_means.py builds them: ‖x‖² − 2·x·cᵀ + ‖c‖², clipped at 0, square root."""
    c = km.cluster_centers_
    xx = g.node('ReduceSumSquare', [x], axes=[1], keepdims=1)
    cross = g.node('Gemm', [x, g.const('centers', c)], alpha=-2.0, transB=1)
    sq = g.node('Add', [g.node('Add', [xx, cross]), g.const('centers_sq', (c ** 2).sum(axis=1))])
    sq = g.node('Max', [sq, g.const('zero', 0.0)])
    return g.node('ArgMin', [sq], axis=1, keepdims=0), g.node('Sqrt', [sq])


def ridge(g, x, r):
    if g.dtype == np.float32:  # linear_regressor.py: LinearRegressor
        return g.node('LinearRegressor', [x], domain=ML, coefficients=r.coef_.tolist(),
                      intercepts=[float(r.intercept_)])
    return g.node('Add', [g.node('MatMul', [x, g.const('coef', r.coef_.reshape(-1, 1))]),
                          g.const('intercept', [r.intercept_])])


# --- Ferry dumps of the same estimators ---------------------------------------------------------------------------

def ferry_export(out, name, estimator):
    """The fitted estimator as the Ferry dump `<out>/ferry/<name>/`, by the ferryml package's export."""
    folder = export(estimator, os.path.join(out, 'ferry'), name)
    os.remove(os.path.join(folder, '.ferry-generation'))


# --- the cases ----------------------------------------------------------------------------------------------------

def classifier_case(name, dataset, pipeline, X, y, out):
    pipeline.fit(X, y)
    *transforms, lr = [est for _, est in pipeline.steps]
    d = X.shape[1]
    for dtype, suffix in ((np.float32, 'f32'), (np.float64, 'f64')):
        g = Graph(dtype)
        h = 'X'
        for t in transforms:
            h = scaler(g, h, t) if isinstance(t, StandardScaler) else pca(g, h, t)
        label, proba = logistic(g, h, lr)
        k = len(lr.classes_)
        m = g.model(name, 'X', d, [(label, 'label', TensorProto.INT64, [None]),
                                   (proba, 'probabilities', g.elem, [None, k])])
        onnx.save(m, os.path.join(out, f'{name}.{suffix}.onnx'))
    ferry_export(out, name, pipeline)
    return {'name': name, 'kind': 'classifier', 'dataset': dataset,
            'steps': [type(s).__name__ for _, s in pipeline.steps], 'X': X.tolist(), 'classes': lr.classes_.tolist(),
            'predict': pipeline.predict(X).tolist(), 'predict_proba': pipeline.predict_proba(X).tolist()}


def kmeans_case(name, dataset, km, X, out):
    km.fit(X)
    for dtype, suffix in ((np.float32, 'f32'), (np.float64, 'f64')):
        g = Graph(dtype)
        label, dist = kmeans(g, 'X', km)
        m = g.model(name, 'X', X.shape[1], [(label, 'label', TensorProto.INT64, [None]),
                                            (dist, 'distances', g.elem, [None, km.n_clusters])])
        onnx.save(m, os.path.join(out, f'{name}.{suffix}.onnx'))
    ferry_export(out, name, km)
    return {'name': name, 'kind': 'kmeans', 'dataset': dataset, 'steps': ['KMeans'], 'X': X.tolist(),
            'predict': km.predict(X).tolist(), 'transform': km.transform(X).tolist()}


def ridge_case(name, dataset, r, X, y, out):
    r.fit(X, y)
    for dtype, suffix in ((np.float32, 'f32'), (np.float64, 'f64')):
        g = Graph(dtype)
        pred = ridge(g, 'X', r)
        m = g.model(name, 'X', X.shape[1], [(pred, 'variable', g.elem, [None, 1])])
        onnx.save(m, os.path.join(out, f'{name}.{suffix}.onnx'))
    ferry_export(out, name, r)
    return {'name': name, 'kind': 'regressor', 'dataset': dataset, 'steps': ['Ridge'], 'X': X.tolist(),
            'predict': r.predict(X).tolist()}


def main(out):
    if os.path.isdir(out):
        for entry in os.listdir(out):
            path = os.path.join(out, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    os.makedirs(os.path.join(out, 'ferry'), exist_ok=True)
    cancer, wine = load_breast_cancer(return_X_y=True), load_wine(return_X_y=True)
    cases = [
        classifier_case('breast_cancer_logreg', 'breast_cancer',
                        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), *cancer, out),
        classifier_case('wine_logreg', 'wine',
                        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), *wine, out),
        classifier_case('wine_pca_logreg', 'wine',
                        make_pipeline(StandardScaler(), PCA(n_components=5), LogisticRegression(max_iter=1000)),
                        *wine, out),
        kmeans_case('iris_kmeans', 'iris', KMeans(n_clusters=3, n_init=10, random_state=0),
                    load_iris(return_X_y=True)[0], out),
        ridge_case('diabetes_ridge', 'diabetes', Ridge(alpha=1.0), *load_diabetes(return_X_y=True), out),
    ]
    reference = {'versions': {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'onnx': onnx.__version__},
                 'cases': cases}
    with open(os.path.join(out, 'reference.json'), 'w') as f:
        json.dump(reference, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'models'))
