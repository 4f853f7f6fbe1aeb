"""Deterministic point clouds shared with the C# side (bench `peers` report and the stored-reference tests).

Entry (i, j) of cloud `seed` with `d` columns is 2 * h / 2^31 - 1 with h = SeedStreams.Derive(seed, i * d + j), the
SplitMix64 finaliser of ScoreProbe.Core.ErrorModels.SeedStreams; every value is exact in float64, so both sides start
from bit-identical inputs without exchanging files.
"""
import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def derive(seed, streams):
    """SeedStreams.Derive(seed, stream) for an array of streams (int64 -> 31-bit integers)."""
    with np.errstate(over="ignore"):
        z = (np.uint64(seed) << np.uint64(32)) ^ (streams.astype(np.uint64) & np.uint64(0xFFFFFFFF))
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return ((z ^ (z >> np.uint64(31))) & np.uint64(0x7FFFFFFF)).astype(np.int64)


def uniform(seed, n, d):
    """[n, d] float64 in [-1, 1): 2 * Derive(seed, i * d + j) / 2^31 - 1."""
    streams = np.arange(n * d, dtype=np.int64)
    return (2.0 * derive(seed, streams).astype(np.float64) / 2.0**31 - 1.0).reshape(n, d)
