import type { FieldSpec } from './ClassSchema.ts';
import { t } from './fieldTypes.ts';

/** The most savers a step may list: each runs once per load, so the list bounds a load's work. */
export const MAX_SAVERS = 64;

/** Fields every step saves (BaseStep's), checked for every step, with or without a schema of its own. */
export const BASE_STEP_FIELDS: Readonly<Record<string, FieldSpec>> = {
  name: { type: t.string({ nonEmpty: true }), doc: "the step's name; equals the header's `name` and the folder name" },
  hyperparams: {
    type: t.object(['ferry.HyperparameterSamples']),
    doc: "the step's own hyperparameter values, by unprefixed name (a Pipeline's children keep theirs)",
  },
  space: {
    type: t.object(['ferry.HyperparameterSpace']),
    doc: "the step's own hyperparameter space, by unprefixed name",
  },
  savers: {
    type: t.list(t.saver(), { unique: true, maxItems: MAX_SAVERS }),
    doc: `extra savers in load order: registered savers, no two equal (same class and fields), at most ${MAX_SAVERS}, never \`ferry.MsgpackStepSaver\``,
  },
  isFitted: { type: t.boolean(), doc: 'whether `fit` has run' },
};
