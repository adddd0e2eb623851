import type * as tf from '@tensorflow/tfjs';
import { FerryError } from '../errors/index.ts';

/** A tfjs layer. */
export type Layer = tf.LayersModel['layers'][number];
/** A tfjs layer weight (a `LayerVariable`). */
export type LayerWeight = Layer['weights'][number];

/** A model weight under its stable name. */
export interface NamedWeight {
  /** `<layer>/<role>`: the layer is its explicit name, or `layers.<index>`; nested models add a level. */
  readonly name: string;
  readonly weight: LayerWeight;
}

/**
 * Every weight of `model` (trainable or not) under a name that two models built by the same code
 * share, in the model's own weight order. Positions count the layers that are not input layers.
 * tfjs's auto-generated layer names (`dense_Dense3`) count
 * up across the process, so they are replaced by the layer's position (`layers.2/kernel`); names the
 * user gave (`tf.layers.dense({name: 'out'})`) are kept (`out/kernel`). Layers that are themselves
 * models are walked (`layers.1/layers.0/kernel`).
 */
export function namedWeights(model: tf.LayersModel): NamedWeight[] {
  const out: NamedWeight[] = [];
  collect(model.layers, '', out);
  const seen = new Set<string>();
  for (const { name } of out) {
    if (seen.has(name)) {
      throw new FerryError(
        'FERRY_DUPLICATE_PARAMETER_NAME',
        `Model "${model.name}": two weights map to the parameter name "${name}"; give the layers distinct names`,
      );
    }
    seen.add(name);
  }
  return out;
}

function collect(all: readonly Layer[], prefix: string, out: NamedWeight[]): void {
  // Input layers hold no weights, and a Sequential lists its own only once it is built: skip them so
  // that positions do not depend on whether the model was compiled or called yet.
  const layers = all.filter((layer) => layer.getClassName() !== 'InputLayer');
  layers.forEach((layer, index) => {
    const layerName = `${prefix}${isAutoName(layer) ? `layers.${index}` : layer.name}`;
    const nested = (layer as Layer & { layers?: unknown }).layers;
    if (Array.isArray(nested)) {
      collect(nested as Layer[], `${layerName}/`, out);
      return;
    }
    const roles = new Set<string>();
    layer.weights.forEach((weight, j) => {
      let role = weightRole(layer, weight);
      if (roles.has(role)) role = `${role}.${j}`;
      roles.add(role);
      out.push({ name: `${layerName}/${role}`, weight });
    });
  });
}

/** The weight's name inside its layer (`kernel`, `bias`, `moving_mean`…). */
function weightRole(layer: Layer, weight: LayerWeight): string {
  const original = weight.originalName;
  const scope = `${layer.name}/`;
  const cut = original.indexOf(scope);
  return cut >= 0 ? original.slice(cut + scope.length) : original;
}

/**
 * Whether tfjs generated the layer's name: `<snake_class>_<Class><n>` for layers (`dense_Dense1`,
 * `batch_normalization_BatchNormalization2`), `<snake_class><n>` or `<class><n>` for models and input
 * layers (`sequential1`, `input3`).
 */
function isAutoName(layer: Layer): boolean {
  const cls = layer.getClassName();
  const snake = toSnakeCase(cls);
  const name = layer.name;
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const forms = [`${escaped(snake)}_${escaped(cls)}`, escaped(snake), escaped(cls.toLowerCase()), 'input'];
  return forms.some((f) => new RegExp(`^${f}_?\\d+$`).test(name));
}

/** tfjs's own snake-casing of class names (`BatchNormalization` → `batch_normalization`). */
function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure.startsWith('_') ? `private${insecure}` : insecure;
}
