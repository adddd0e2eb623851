/**
 * Steps in sequence, each one's output the next one's input: what a Pipeline does with its steps, and what queued
 * pipelines do with their stages when they fit (or transform in this thread).
 */
import type { BaseStep } from './BaseStep.ts';
import type { DataContainer } from './DataContainer.ts';

/** Fits `steps` in order: each but the last fits and transforms (feeding the next), the last only fits. */
export async function fitChain(steps: readonly BaseStep[], data: DataContainer): Promise<DataContainer> {
  let dc = data;
  for (let i = 0; i < steps.length; i++) {
    dc = i < steps.length - 1 ? await steps[i].handleFitTransform(dc) : await steps[i].handleFit(dc);
  }
  return dc;
}

/** Transforms `data` through `steps` in order. */
export async function transformChain(steps: readonly BaseStep[], data: DataContainer): Promise<DataContainer> {
  let dc = data;
  for (const step of steps) dc = await step.handleTransform(dc);
  return dc;
}

/** Fits and transforms `data` through `steps` in order. */
export async function fitTransformChain(steps: readonly BaseStep[], data: DataContainer): Promise<DataContainer> {
  let dc = data;
  for (const step of steps) dc = await step.handleFitTransform(dc);
  return dc;
}
