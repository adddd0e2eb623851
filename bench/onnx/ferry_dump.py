"""A minimal writer of Ferry dumps (docs/FORMAT.md, format 1.0), written from the spec for the ONNX side-by-side.

It writes the one thing make_onnx.py needs: a fitted scikit-learn estimator's attributes as the step files of a
Ferry dump (a folder per step, one `.ferry` file each: preamble, msgpack header, 8-byte aligned little-endian
tensors, xxHash64 checksums). It is a stand-in for the `ferryml` Python package (`python/`, issue 16 part 1) until
that lands; Ferry's own loader checks every file it writes (checksums, layout, the field schema of each class).

Needs numpy, msgpack and xxhash (Debian: python3-numpy python3-msgpack python3-xxhash).
"""
import os
import struct

import msgpack
import numpy as np
import xxhash

TENSOR, OBJECT, STEP = 0x46, 0x47, 0x48
DTYPES = {np.dtype('<f8'): 'float64', np.dtype('<f4'): 'float32', np.dtype('<i4'): 'int32'}


class Tensor:
    """A numpy array to be stored as a tensor payload (NDArray container)."""

    def __init__(self, array):
        a = np.asarray(array)  # not ascontiguousarray, which makes a 0-d array 1-d
        a = np.array(a, dtype=a.dtype.newbyteorder('<'), order='C')
        if a.dtype not in DTYPES:
            raise ValueError(f'no Ferry dtype for {a.dtype}')
        self.array = a


class Obj:
    """An object record of a registered class (`[classId, fields]`)."""

    def __init__(self, class_id, fields):
        self.class_id, self.fields = class_id, fields


class StepRef:
    """A reference to a child step saved in the sub-folder of its name."""

    def __init__(self, name):
        self.name = name


def hyperparams(values):
    """The BaseStep fields every step carries, with the step's own (unprefixed) hyperparameter values."""
    return {
        'hyperparams': Obj('ferry.HyperparameterSamples', {'values': values}),
        'space': Obj('ferry.HyperparameterSpace', {'values': {}}),
        'savers': [],
        'isFitted': True,
    }


def _encode(value, payload):
    """msgpack of a field value; tensors append their bytes to `payload` (a list of (offset, bytes))."""
    if isinstance(value, Tensor):
        raw = value.array.tobytes()
        end = payload[-1][0] + len(payload[-1][1]) if payload else 0
        offset = (end + 7) // 8 * 8
        payload.append((offset, raw))
        digest = xxhash.xxh64(raw).intdigest().to_bytes(8, 'little')
        body = [DTYPES[value.array.dtype], list(value.array.shape), offset, len(raw), 0, digest]
        return msgpack.ExtType(TENSOR, msgpack.packb(body, use_bin_type=True))
    if isinstance(value, Obj):
        body = [value.class_id, {k: _encode(v, payload) for k, v in value.fields.items()}]
        return msgpack.ExtType(OBJECT, msgpack.packb(body, use_bin_type=True))
    if isinstance(value, StepRef):
        return msgpack.ExtType(STEP, msgpack.packb(value.name, use_bin_type=True))
    if isinstance(value, dict):
        return {k: _encode(v, payload) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v, payload) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return value


def step_file(class_id, name, fields):
    """The bytes of one `.ferry` file (docs/FORMAT.md section 1)."""
    payload = []
    encoded = _encode(fields, payload)
    header = msgpack.packb({'format': 1, 'class': class_id, 'name': name, 'fields': encoded}, use_bin_type=True)
    start = (40 + len(header) + 7) // 8 * 8
    body = bytearray()
    for offset, raw in payload:
        body += b'\0' * (offset - len(body)) + raw
    pre = struct.pack('<8sHHIQQ', b'FERRYDMP', 1, 0, 0, len(header), len(body))
    padded = header + b'\0' * (start - 40 - len(header))
    checksum = xxhash.xxh64(pre + padded).intdigest()
    return pre + struct.pack('<Q', checksum) + padded + bytes(body)


def write_step(parent, class_id, name, fields):
    """Writes `<parent>/<name>/<name>.ferry`; returns the step's folder (children go inside it)."""
    folder = os.path.join(parent, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + '.ferry'), 'wb') as f:
        f.write(step_file(class_id, name, {'name': name, **fields}))
    return folder
