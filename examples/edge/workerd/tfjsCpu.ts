/**
 * What `@tensorflow/tfjs` resolves to in the cpu MLP worker's bundle (mlpCpuWorker.ts): tfjs-core,
 * tfjs-layers and the cpu backend only. The rest of the umbrella package is no use on workerd (webgl
 * needs a GPU context; the converter and tfjs-data are not used to run a LayersModel).
 */
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
