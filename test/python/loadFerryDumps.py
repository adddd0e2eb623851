"""Reference script of test/python/ferryToSklearn.test.ts: for each dump Ferry (JavaScript) saved under ROOT,
rebuilds it with ferryml.sklearn.load, computes what scikit-learn computes on the job's rows (predict,
predict_proba, decision_function, transform), and writes it back twice — as the dump OUT/<name>/ with
ferryml.sklearn.export, and as OUT/<name>.ferrypack with ferryml.pack_bytes — so that the test can compare bytes.
Prints {name: {op: result}} as JSON.

Usage: PYTHONPATH=python /usr/bin/python3 test/python/loadFerryDumps.py ROOT OUT JOBS.json
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

import ferryml
from ferryml.sklearn import export, load


def outputs(est, X: np.ndarray, ops: list[str]) -> dict:
    out = {}
    for op in ops:
        value = np.asarray(getattr(est, op)(X))
        if value.dtype.kind in "US":
            out[op] = {"kind": "labels", "values": value.tolist()}
        else:
            out[op] = {"kind": "numbers", "shape": list(value.shape), "values": [float(v) for v in value.reshape(-1)]}
    return out


def main(root: str, out: str, jobs_file: str) -> None:
    with open(jobs_file, encoding="utf-8") as f:
        jobs = json.load(f)
    results = {}
    for name, job in jobs.items():
        est = load(root, name)
        results[name] = {"sklearnClass": type(est).__name__,
                         "ops": outputs(est, np.array(job["inputs"], dtype=np.float64), job["ops"])}
        export(est, out, name)
        with open(os.path.join(out, name + ".ferrypack"), "wb") as f:
            f.write(ferryml.pack_bytes(ferryml.load(root, name)))
    print(json.dumps(results))


if __name__ == "__main__":
    main(*sys.argv[1:4])
