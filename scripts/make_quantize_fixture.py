"""Reference fixtures for Ferry's quantized saves (src/models/quantize*.ts): writes test/fixtures/quantize.json.

Ran with numpy 1.24.2, Python 3.11.2 (Debian 12's python3-numpy); the JSON records the versions under "versions".
Run with /usr/bin/python3 scripts/make_quantize_fixture.py [out.json] (then
`npx biome format --write test/fixtures/quantize.json`). A regeneration test reruns it into a temporary file and
compares (test/models/quantize.test.ts).

- float16: numpy's float32 -> float16 cast (IEEE 754 round to nearest, ties to even; subnormals; a finite value
  that rounds past 65504 becomes inf) of chosen edge values and of random values over the whole float16 range.
  Inputs and outputs are bit patterns (uint32 of the float32, uint16 of the float16), so JSON keeps them exact.
- uint8: tfjs-converter's `quantize_weights` (tfjs-converter/python/tensorflowjs/quantization.py: per-tensor
  min/max, the range nudged so that 0 is a level when the range covers it, `np.round` half to even), with
  `(w.clip(min, max) - min) / scale` evaluated in float64. That is how quantization.py evaluates under NumPy >= 2
  (NEP 50: the float64 scalars `min`/`scale` promote the float32 array); under NumPy 1.x the same line runs in
  float32. Each case records how many levels the NumPy 1.x float32 evaluation would pick differently
  (`float32PathLevelsDiffering`), to show the difference is a rare neighbouring level at a near-tie.
"""
import json
import pathlib
import platform
import sys

import numpy as np

QUANT_MAX = 255


def f32_bits(a):
    return np.asarray(a, dtype=np.float32).view(np.uint32).tolist()


def f16_bits(a):
    return np.asarray(a, dtype=np.float16).view(np.uint16).tolist()


def from_bits(bits):
    return np.asarray(bits, dtype=np.uint32).view(np.float32)


def affine_range(min_val, max_val):
    """quantization.py's _get_affine_quantization_range for uint8."""
    scale = (max_val - min_val) / QUANT_MAX
    if min_val <= 0 <= max_val:
        quantized_zero_point = (0 - min_val) / scale
        nudged_zero_point = np.round(quantized_zero_point)
        nudged_min = -nudged_zero_point * scale
        nudged_max = QUANT_MAX * scale + nudged_min
    else:
        nudged_min, nudged_max = min_val, max_val
    return scale, nudged_min, nudged_max


def quantize_uint8(data, evaluate_in):
    """quantization.py's quantize_weights for np.uint8; `evaluate_in` is the dtype of the clip/subtract/divide."""
    min_val = data.min().astype(np.float64)
    max_val = data.max().astype(np.float64)
    if min_val == max_val:
        return np.zeros_like(data, dtype=np.uint8), float(min_val), 1.0
    scale, min_val, max_val = affine_range(min_val, max_val)
    x = data.astype(evaluate_in)
    q = np.round((x.clip(min_val, max_val) - evaluate_in(min_val)) / evaluate_in(scale)).astype(np.uint8)
    return q, float(min_val), float(scale)


def float16_cases():
    edge = [
        0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 1 / 3,
        65504.0, -65504.0,  # largest finite float16
        65519.99609375, -65519.99609375,  # just below the overflow tie: rounds to 65504
        65520.0, -65520.0,  # the tie past 65504: rounds to inf
        1e5, -1e5, 3.4028234663852886e38, float("inf"), float("-inf"), float("nan"),
        2.0**-14, -(2.0**-14),  # smallest normal
        2.0**-14 - 2.0**-24,  # largest subnormal
        2.0**-24, -(2.0**-24),  # smallest subnormal
        2.0**-25,  # tie between 0 and the smallest subnormal: to even (0)
        2.0**-25 + 2.0**-40,  # just above that tie: the smallest subnormal
        3 * 2.0**-25,  # tie between subnormals 1 and 2 (x 2^-24): to even (2)
        5 * 2.0**-25,  # tie between 2 and 3: to even (2)
        2.0**-26, 1e-45, -1e-45,  # underflow to (signed) zero
        1 + 2.0**-11,  # tie between 1 and 1 + 2^-10: to even (1)
        1 + 3 * 2.0**-11,  # tie between 1 + 2^-10 and 1 + 2^-9: to even (1 + 2^-9)
        1 + 2.0**-11 + 2.0**-23,  # just above a tie
        2048 + 1, 2048 + 3,  # ties at spacing 2
        2.0**-14 + 2.0**-25,  # a tie just above the smallest normal
        (2.0**-14 - 2.0**-24) + 2.0**-25,  # tie between the largest subnormal and the smallest normal: to even
    ]
    rng = np.random.default_rng(20240615)
    n = 4096
    sign = rng.choice([-1.0, 1.0], size=n)
    exponent = rng.integers(-27, 17, size=n)  # covers underflow, subnormals, normals and overflow
    mantissa = rng.uniform(1.0, 2.0, size=n)
    random = (sign * mantissa * 2.0**exponent).astype(np.float32)
    inputs = np.concatenate([np.asarray(edge, dtype=np.float32), random])
    with np.errstate(over="ignore"):  # the overflow to inf is one of the cases
        outputs = inputs.astype(np.float16)
    return {"inputs": f32_bits(inputs), "outputs": f16_bits(outputs)}


def uint8_cases():
    rng = np.random.default_rng(7)
    tensors = {
        "mixedSign": rng.normal(0, 0.3, size=(40, 25)),
        "allPositive": rng.uniform(0.5, 2.0, size=300),
        "allNegative": rng.uniform(-3.0, -0.25, size=300),
        "constant": np.full((3, 4), 0.75),
        "single": np.array([-1.25]),
        "zeroAtMin": np.concatenate([[0.0], rng.uniform(0, 1, size=99)]),
        "zeroAtMax": np.concatenate([[0.0], rng.uniform(-1, 0, size=99)]),
        "symmetricTies": np.array([-1.0, -0.5, 0.0, 0.5, 1.0]),
        "largeOffset": 1000 + rng.uniform(0, 1e-3, size=200),
        "wideRange": rng.normal(0, 1, size=500) * 1e4,
        "tinyRange": rng.uniform(-1e-30, 1e-30, size=64),
        # scale is exactly 1 here, so (w - min) / scale lands exactly on halves: np.round goes to even.
        "exactTies": np.array([0.0, 0.5, 1.5, 2.5, 3.5, 100.5, 254.5, 255.0]),
        # -min / scale = 128.5 exactly: the zero point rounds to even (128), so min is nudged to -128.
        "zeroPointTie": np.array([-128.5, -0.5, 0.0, 0.5, 3.25, 126.5]),
    }
    out = {}
    for name, values in tensors.items():
        data = np.asarray(values, dtype=np.float32)
        q, min_val, scale = quantize_uint8(data, np.float64)
        q32, _, _ = quantize_uint8(data, np.float32)
        out[name] = {
            "shape": list(data.shape),
            "values": f32_bits(data.reshape(-1)),
            "quantized": q.reshape(-1).tolist(),
            "min": min_val,
            "scale": scale,
            "float32PathLevelsDiffering": int(np.count_nonzero(q != q32)),
        }
    return out


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent / "test" / "fixtures" / "quantize.json"
    fixture = {
        "versions": {"numpy": np.__version__, "python": platform.python_version()},
        "float16": float16_cases(),
        "uint8": uint8_cases(),
    }
    out.write_text(json.dumps(fixture, indent=2) + "\n")


if __name__ == "__main__":
    main()
