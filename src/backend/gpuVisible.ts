/** Whether an NVIDIA GPU is visible to this process; resolves to a reason string when it is not. */
export type GpuProbe = () => Promise<true | string>;

// Non-literal specifiers: bundlers for browsers and edge runtimes must not try to resolve them.
const FS = 'node:fs/promises';
const CHILD_PROCESS = 'node:child_process';

/**
 * The default GPU check for `@tensorflow/tfjs-node-gpu` (Node.js only): the NVIDIA driver's
 * `/proc/driver/nvidia/version` exists, or `nvidia-smi -L` lists at least one GPU.
 */
export const nvidiaGpuVisible: GpuProbe = async () => {
  const fs = (await import(FS)) as typeof import('node:fs/promises');
  try {
    await fs.access('/proc/driver/nvidia/version');
    return true;
  } catch {
    // No driver file (not Linux, or no NVIDIA driver): ask nvidia-smi.
  }
  const cp = (await import(CHILD_PROCESS)) as typeof import('node:child_process');
  return new Promise((resolve) => {
    cp.execFile('nvidia-smi', ['-L'], { timeout: 5000 }, (error, stdout) => {
      if (!error && /GPU \d+/.test(String(stdout))) resolve(true);
      else
        resolve(
          `no NVIDIA GPU visible (/proc/driver/nvidia/version is absent and nvidia-smi -L ${error ? `failed: ${error.message}` : 'listed no GPU'})`,
        );
    });
  });
};
