"""pytorch-fid's calculate_frechet_distance (scipy.linalg.sqrtm) on the shared hash features, and exact reference values.

  python3 frechet_pytorch_fid.py reference OUT.json [--exact-only]
                                                      reference values for ScoreProbe's tests: an exact route per case
                                                      (singular values of the n1 x n2 cross product when n < d, else
                                                      eigenvalues of C1^1/2 C2 C1^1/2 with C1^1/2 from scipy.linalg.eigh,
                                                      eigenvalues of both under the numerical-rank tolerance
                                                      d * eps * max |eig| set to 0), and
                                                      pytorch-fid's own value beside it
  python3 frechet_pytorch_fid.py time N D [REPEATS]   times pytorch-fid on features uniform(1), 0.5 * uniform(2) + 0.1:
                                                      statistics (np.mean, np.cov) and the distance from statistics;
                                                      prints one JSON line

pytorch-fid is imported from its public source: set PEER_SRC_PYTORCH_FID to the folder that holds `pytorch_fid/`
(a clone of github.com/mseitzer/pytorch-fid has it under src/). Needs python3-torch, python3-torchvision, python3-scipy.
"""
import contextlib
import io
import sys
import time

import peer_env
import points

if not peer_env.add_source("pytorch_fid", "PEER_SRC_PYTORCH_FID"):
    peer_env.emit({"error": "peer not installed: pytorch-fid source not found (set PEER_SRC_PYTORCH_FID)"})
    sys.exit(3)

import numpy as np
from scipy import linalg

try:
    from pytorch_fid.fid_score import calculate_frechet_distance
    import pytorch_fid
except ImportError as e:
    peer_env.emit({"error": f"peer not installed: {e}"})
    sys.exit(3)


def features(seed, n, d, rank=None, scale=1.0, offset=0.0):
    """uniform(seed, n, d), or uniform(seed, n, rank) @ uniform(seed + 100, rank, d) / sqrt(rank) when a rank is given."""
    if rank is None:
        return scale * points.uniform(seed, n, d) + offset
    return scale * (points.uniform(seed, n, rank) @ points.uniform(seed + 100, rank, d)) / np.sqrt(rank) + offset


def statistics(rows):
    return np.mean(rows, axis=0), np.cov(rows, rowvar=False)


def exact_trace_sqrt(a, b):
    """tr (C1^1/2 C2 C1^1/2)^1/2 for the unbiased covariances of the rows of a and b."""
    n1, d = a.shape
    n2 = b.shape[0]
    ca, cb = a - a.mean(axis=0), b - b.mean(axis=0)
    if min(n1, n2) < d:
        return linalg.svdvals(ca @ cb.T).sum() / np.sqrt((n1 - 1) * (n2 - 1)), "svd of the n1 x n2 cross product"
    c1, c2 = ca.T @ ca / (n1 - 1), cb.T @ cb / (n2 - 1)
    values, vectors = linalg.eigh(c1)
    tolerance = d * np.finfo(float).eps * values.max()
    root = (vectors * np.sqrt(np.where(values > tolerance, values, 0.0))) @ vectors.T
    mu = linalg.eigvalsh(root @ c2 @ root)
    mu_tolerance = d * np.finfo(float).eps * np.abs(mu).max()
    return np.sqrt(mu[mu > mu_tolerance]).sum(), "eigh of C1^1/2 C2 C1^1/2, eigenvalues under d eps max |eig| taken as 0"


CASES = [
    dict(name="d2048_n500", d=2048, n1=500, n2=500),
    dict(name="d2048_n600_n400", d=2048, n1=600, n2=400),
    dict(name="d2048_n2500", d=2048, n1=2500, n2=2500),
    dict(name="d2048_n2500_rank1000", d=2048, n1=2500, n2=2500, rank=1000),
    dict(name="d64_n500", d=64, n1=500, n2=500),
]


def case_features(case):
    a = features(1, case["n1"], case["d"], case.get("rank"))
    b = features(2, case["n2"], case["d"], case.get("rank"), scale=0.5, offset=0.1)
    return a, b


def reference(path, with_peer=True):
    import json

    records = []
    for case in CASES:
        a, b = case_features(case)
        ma, ca = statistics(a)
        mb, cb = statistics(b)
        trace_sqrt, method = exact_trace_sqrt(a, b)
        exact = float(((ma - mb) ** 2).sum() + np.trace(ca) + np.trace(cb) - 2 * trace_sqrt)
        record = dict(case, exact=exact, exact_method=method)
        if with_peer:
            with contextlib.redirect_stdout(io.StringIO()):
                peer = float(calculate_frechet_distance(ma, ca, mb, cb))
            record.update(pytorch_fid=peer, pytorch_fid_relative_error=abs(peer - exact) / exact)
        records.append(record)
    record = {
        "made_by": "bench/peers/frechet_pytorch_fid.py reference",
        "peer": "pytorch-fid " + pytorch_fid.__version__ + " calculate_frechet_distance (scipy " + __import__("scipy").__version__ + ")",
        "features": "set 1 = features(1, n1, d, rank), set 2 = 0.5 * features(2, n2, d, rank) + 0.1, where features(seed, n, d) "
                    "= uniform(seed, n, d) and with a rank r: uniform(seed, n, r) @ uniform(seed + 100, r, d) / sqrt(r) "
                    "(bench/peers/points.py); unbiased covariances",
        "cases": records,
    }
    with open(path, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")


def best_of(repeats, action):
    """Best of `repeats` runs, and of more (up to 20) while they stay under 3 s in all, as the C# side."""
    best, value = float("inf"), None
    begin = time.perf_counter()
    for i in range(20):
        if i >= repeats and time.perf_counter() - begin >= 3:
            break
        start = time.perf_counter()
        value = action()
        best = min(best, time.perf_counter() - start)
    return best, value


def timed(n, d, repeats):
    a = features(1, n, d)
    b = features(2, n, d, scale=0.5, offset=0.1)
    stats_seconds, ((ma, ca), (mb, cb)) = best_of(repeats, lambda: (statistics(a), statistics(b)))
    with contextlib.redirect_stdout(io.StringIO()):
        distance_seconds, value = best_of(repeats, lambda: calculate_frechet_distance(ma, ca, mb, cb))
    peer_env.emit({"peer": "pytorch-fid " + pytorch_fid.__version__, "numpy": np.__version__,
                   "blas": peer_env.blas_libraries(), "statistics_seconds": stats_seconds,
                   "distance_seconds": distance_seconds, "value": float(value)})


if __name__ == "__main__":
    if sys.argv[1] == "reference":
        reference(sys.argv[2], with_peer="--exact-only" not in sys.argv)
    elif sys.argv[1] == "time":
        timed(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 3)
    else:
        raise SystemExit(__doc__)
