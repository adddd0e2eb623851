"""Field checks driven by the shipped field-schemas.json (docs/FORMAT.md section 2, step 7)."""

from __future__ import annotations

import json
import os
import unittest
from importlib import resources

import numpy as np

import ferryml
from ferryml.dump import encode_step_tree
from ferryml.errors import CorruptDumpError, InvalidDumpFieldError, UnknownClassError
from ferryml.schema.registry import SCHEMAS
from ferryml.schema.rules import rule_check
from ferryml.values import Obj, new_step

from .helpers import TempDirTest, logistic_step, pipeline_step, scaler_step

REPO = os.path.join(os.path.dirname(__file__), "..", "..")


class ShippedSchemasTest(unittest.TestCase):
    def test_the_package_ships_docs_field_schemas_json(self) -> None:
        shipped = resources.files("ferryml").joinpath("field-schemas.json").read_text(encoding="utf-8")
        docs = os.path.join(REPO, "docs", "field-schemas.json")
        if os.path.exists(docs):  # in the repository (the installed package has no docs/)
            with open(docs, encoding="utf-8") as f:
                self.assertEqual(shipped, f.read())
        classes = json.loads(shipped)["classes"]
        self.assertIn("ferry.LogisticRegression", [c["classId"] for c in classes])

    def test_every_rule_sentence_has_a_check(self) -> None:
        count = 0
        for class_id in SCHEMAS.class_ids():
            for sentence in SCHEMAS.lookup(class_id).get("rules", []):
                self.assertTrue(callable(rule_check(class_id, sentence)), (class_id, sentence))
                count += 1
        self.assertGreater(count, 15)

    def test_every_class_has_a_role(self) -> None:
        for class_id in SCHEMAS.class_ids():
            self.assertIn(SCHEMAS.role(class_id), ("step", "saver", "distribution", "object"), class_id)


class FieldChecksTest(TempDirTest):
    def write_unchecked(self, step: ferryml.Step) -> None:
        """Writes a tree without the save's own checks (as a hostile or buggy writer would)."""
        for key, data in encode_step_tree(step).items():
            path = self.path(*key.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)

    def assertInvalid(self, step: ferryml.Step, field: str, fragment: str = "") -> InvalidDumpFieldError:
        self.write_unchecked(step)
        with self.assertRaises(InvalidDumpFieldError) as ctx:
            ferryml.load(self.tmp, step.name)
        self.assertEqual(ctx.exception.code, "FERRY_INVALID_DUMP_FIELD")
        self.assertEqual(ctx.exception.field, field, str(ctx.exception))
        self.assertIn(fragment, str(ctx.exception))
        with self.assertRaises(InvalidDumpFieldError):  # the save refuses it before writing
            ferryml.save(step, self.path("elsewhere"))
        self.assertFalse(os.path.exists(self.path("elsewhere", step.name)))
        return ctx.exception

    def test_valid_trees_load(self) -> None:
        step = pipeline_step("model")
        ferryml.save(step, self.tmp)
        loaded = ferryml.load(self.tmp, "model")
        self.assertEqual([c.class_id for c in loaded.children()], ["ferry.StandardScaler", "ferry.LogisticRegression"])

    def test_dtype_exactly(self) -> None:
        step = scaler_step("s")
        step.fields["mean"] = step.fields["mean"].astype(np.float32)
        self.assertInvalid(step, "mean", "float64 tensor [nFeaturesIn]")

    def test_shape_names(self) -> None:
        step = scaler_step("s", d=3)
        step.fields["scale"] = np.ones(4)
        self.assertInvalid(step, "scale", "dimension 0 = 3 (nFeaturesIn)")
        lr = logistic_step("lr")
        lr.fields["intercept"] = np.zeros(2)
        self.assertInvalid(lr, "intercept", "dimension 0 = 3 (k)")

    def test_missing_unknown_and_hiding_fields(self) -> None:
        step = scaler_step("s")
        del step.fields["var"]
        self.assertInvalid(step, "var", "a required field")
        step = scaler_step("s")
        step.fields["extra"] = 1
        self.assertInvalid(step, "extra", "an unknown field")
        step = scaler_step("s")
        step.fields["toString"] = 1
        self.assertInvalid(step, "toString", "hide a method")

    def test_rules(self) -> None:
        lr = logistic_step("lr", classes=[0, "a", 2])
        self.assertInvalid(lr, "classes[1]", 'the string "a" after number 0')
        lr = logistic_step("lr", classes=[2, 1, 0])
        self.assertInvalid(lr, "classes[1]", "ascending")
        lr = logistic_step("lr")
        lr.fields["coef"] = None
        self.assertInvalid(lr, "coef", "once the step is fitted")
        km = new_step(
            "ferry.KMeans", "km", {"nClusters": 3},
            {"clusterCenters": np.zeros((2, 2)), "labels": None, "inertia": 0, "nIter": 1, "nFeaturesIn": 2},
        )
        self.assertInvalid(km, "clusterCenters", "3 rows (hyperparameter nClusters)")

    def test_hyperparameters_and_space(self) -> None:
        step = scaler_step("s")
        step.hyperparams()["withMea"] = True
        self.assertInvalid(step, "hyperparams.values.withMea", "an unknown name")
        step = scaler_step("s")
        step.hyperparams()["withMean"] = "yes"
        self.assertInvalid(step, "hyperparams.values.withMean", "boolean")
        step = scaler_step("s")
        step.fields["space"].fields["values"]["nope"] = 1
        self.assertInvalid(step, "space.values.nope")

    def test_distributions_checked_by_their_constructor_rules(self) -> None:
        lr = logistic_step("lr")
        lr.fields["space"].fields["values"]["C"] = Obj("ferry.LogUniform", {"minIncluded": 0, "maxIncluded": 1})
        error = self.assertInvalid(lr, "(fields)", "must be > 0")
        self.assertIn("object ferry.LogUniform", error.where)
        lr = logistic_step("lr")
        lr.fields["space"].fields["values"]["C"] = Obj("ferry.Choice", {"choices": [1, 2], "probas": [0.5, 0.6]})
        self.assertInvalid(lr, "(fields)", "must sum to 1")
        lr = logistic_step("lr")
        lr.fields["space"].fields["values"]["C"] = Obj(
            "ferry.Normal", {"loc": 0, "scale": 1, "hardClipMin": 50, "hardClipMax": 60}
        )
        self.assertInvalid(lr, "(fields)", "no probability mass")
        ok = logistic_step("lr2")
        ok.fields["space"].fields["values"]["C"] = Obj("ferry.LogUniform", {"minIncluded": 0.01, "maxIncluded": 10})
        ferryml.save(ok, self.tmp)
        self.assertEqual(ferryml.load(self.tmp, "lr2").fields["space"].fields["values"]["C"].class_id, "ferry.LogUniform")

    def test_savers(self) -> None:
        step = scaler_step("s")
        step.fields["savers"] = [Obj("ferry.MsgpackStepSaver", {})]
        self.assertInvalid(step, "savers[0]", "no msgpack saver")
        step = scaler_step("s")
        step.fields["savers"] = [Obj("ferry.TfjsModelSaver", {}), Obj("ferry.TfjsModelSaver", {})]
        self.assertInvalid(step, "savers[1]", "distinct")

    def test_name_must_match_the_folder(self) -> None:
        step = scaler_step("s")
        self.write_unchecked(step)
        os.rename(self.path("s"), self.path("t"))
        os.rename(self.path("t", "s.ferry"), self.path("t", "t.ferry"))
        with self.assertRaisesRegex(CorruptDumpError, 'header names step "s", folder is "t"'):
            ferryml.load(self.tmp, "t")

    def test_unknown_and_misplaced_classes(self) -> None:
        step = scaler_step("s")
        step.class_id = "my.Scaler"
        self.write_unchecked(step)
        with self.assertRaises(UnknownClassError) as ctx:
            ferryml.load(self.tmp, "s")
        self.assertIn("ferry.StandardScaler", ctx.exception.registered)
        step = scaler_step("s2")
        step.class_id = "ferry.HyperparameterSamples"
        self.write_unchecked(step)
        with self.assertRaisesRegex(CorruptDumpError, "is registered but is not a step"):
            ferryml.load(self.tmp, "s2")
        lr = logistic_step("lr")
        lr.fields["space"].fields["values"]["C"] = Obj("ferry.Pipeline", {})
        self.write_unchecked(lr)
        with self.assertRaisesRegex(InvalidDumpFieldError, "steps are saved in sub-folders"):
            ferryml.load(self.tmp, "lr")

    def test_user_classes_get_the_base_checks(self) -> None:
        ferryml.register_class("test.MyStep", "step")
        step = new_step("test.MyStep", "mine", {"anything": [1, "x"]}, {"state": {"a": 1}})
        ferryml.save(step, self.tmp)
        self.assertEqual(ferryml.load(self.tmp, "mine").fields["state"], {"a": 1})
        step.fields["isFitted"] = "yes"
        self.assertInvalid(step, "isFitted", "boolean")


if __name__ == "__main__":
    unittest.main()
