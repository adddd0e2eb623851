"""scikit-learn 1.2's answers for the AutoML tests (test/automl/*.test.ts run it with /usr/bin/python3).

Reads one JSON job on stdin and prints one JSON answer:
  metrics:  accuracy_score, log_loss (labels given), r2_score, mean_squared_error on the given arrays
  kfold:    KFold(n_splits=k, shuffle=False) validation indices for n rows
  holdout:  train_test_split(range(n), test_size=size, shuffle=False) validation indices
  grid:     mean validation accuracy of Pipeline(StandardScaler(with_std), LogisticRegression(C, fit_intercept))
            over the given folds, for each grid point
"""
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

job = json.load(sys.stdin)
out = {}

if "metrics" in job:
    m = job["metrics"]
    out["metrics"] = {
        "accuracy": accuracy_score(m["labels"], m["predicted"]),
        "accuracyStrings": accuracy_score(m["stringLabels"], m["stringPredicted"]),
        "logLoss": log_loss(m["labels"], np.array(m["proba"]), labels=m["classes"]),
        "logLossBinary": log_loss(m["binaryLabels"], np.array(m["binaryProba"]), labels=[0, 1]),
        "r2": r2_score(m["values"], m["valuesPredicted"]),
        "r2Multi": r2_score(np.array(m["multi"]), np.array(m["multiPredicted"])),
        "mse": mean_squared_error(m["values"], m["valuesPredicted"]),
        "mseMulti": mean_squared_error(np.array(m["multi"]), np.array(m["multiPredicted"])),
    }

if "kfold" in job:
    n, k = job["kfold"]["n"], job["kfold"]["k"]
    out["kfold"] = [val.tolist() for _, val in KFold(n_splits=k, shuffle=False).split(np.zeros(n))]

if "holdout" in job:
    n, size = job["holdout"]["n"], job["holdout"]["size"]
    _, val = train_test_split(np.arange(n), test_size=size, shuffle=False)
    out["holdout"] = val.tolist()

if "grid" in job:
    g = job["grid"]
    X = np.array(g["x"], dtype=np.float64)
    y = np.array(g["y"])
    scores = []
    for point in g["points"]:
        fold_scores = []
        for train, val in g["folds"]:
            model = Pipeline(
                [
                    ("scaler", StandardScaler(with_std=point["withStd"])),
                    ("lr", LogisticRegression(C=point["C"], fit_intercept=point["fitIntercept"])),
                ]
            )
            model.fit(X[train], y[train])
            fold_scores.append(accuracy_score(y[val], model.predict(X[val])))
        scores.append(float(np.mean(fold_scores)))
    out["grid"] = scores

print(json.dumps(out))
