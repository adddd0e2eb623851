"""Train in scikit-learn, serve with Ferry: ``export`` writes a fitted estimator or Pipeline as a Ferry dump (or
pack) that ferryml loads in Node, Deno, Bun, browsers and workerd; ``load`` rebuilds fitted scikit-learn
estimators from a Ferry dump, e.g. one trained in JavaScript. Needs scikit-learn (the rest of ferryml does not).

    from ferryml.sklearn import export, load
    export(pipeline, "models", "iris")                 # models/iris/...
    export(pipeline, "models", "iris", pack=True)      # models/iris.ferrypack
    same = load("models", "iris")
"""

from .export import export, to_step
from .load import from_step, load
from .support import SUPPORTED

__all__ = ["SUPPORTED", "export", "from_step", "load", "to_step"]
