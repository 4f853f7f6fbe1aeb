"""geomloss' SamplesLoss("sinkhorn", p=2, debias=True, backend="tensorized") in float64 on the shared hash points.

  python3 sinkhorn_geomloss.py reference OUT.json     stored values for ScoreProbe's tests (small clouds)
  python3 sinkhorn_geomloss.py time N M D [BLUR SCALING]  one timed run on x = uniform(1), y = uniform(2) + 0.25;
                                                      prints one JSON line (seconds, peak memory, value)

geomloss is imported from its public source: set PEER_SRC_GEOMLOSS to the folder that holds `geomloss/`
(a clone of github.com/jeanfeydy/geomloss has it under src/). Needs Debian's python3-torch, python3-numpy, python3-scipy.
"""
import sys
import time

import peer_env
import points

if not peer_env.add_source("geomloss", "PEER_SRC_GEOMLOSS"):
    peer_env.emit({"error": "peer not installed: geomloss source not found (set PEER_SRC_GEOMLOSS)"})
    sys.exit(3)

import numpy as np
import torch
import geomloss


def clouds(n, m, d, scale=1.0, shift=0.25, seed_x=1, seed_y=2, batch=None):
    if batch is None:
        x = scale * points.uniform(seed_x, n, d)
        y = scale * points.uniform(seed_y, m, d) + shift
    else:
        x = scale * points.uniform(seed_x, batch * n, d).reshape(batch, n, d)
        y = scale * points.uniform(seed_y, batch * m, d).reshape(batch, m, d) + shift
    return torch.from_numpy(x), torch.from_numpy(y)


def divergence(x, y, blur, scaling):
    loss = geomloss.SamplesLoss("sinkhorn", p=2, blur=blur, scaling=scaling, debias=True, backend="tensorized")
    with torch.no_grad():
        return loss(x, y)


CASES = [
    dict(name="n200_d8", n=200, m=200, d=8, scale=1.0, shift=0.25, blur=0.05, scaling=0.9),
    dict(name="n150_m250_d3", n=150, m=250, d=3, scale=2.0, shift=0.5, blur=0.1, scaling=0.8),
    dict(name="n300_d784", n=300, m=300, d=784, scale=1.0, shift=0.1, blur=0.05, scaling=0.9),
    dict(name="n400_d3072_same_law", n=400, m=400, d=3072, scale=1.0, shift=0.0, blur=0.05, scaling=0.9),
    dict(name="n100_d2_fine", n=100, m=100, d=2, scale=1.0, shift=0.3, blur=0.01, scaling=0.95),
    dict(name="batch3_n40_m50_d4", n=40, m=50, d=4, scale=1.0, shift=0.2, blur=0.05, scaling=0.9, batch=3),
]


def reference(path):
    import json

    records = []
    for case in CASES:
        x, y = clouds(case["n"], case["m"], case["d"], case["scale"], case["shift"], batch=case.get("batch"))
        value = divergence(x, y, case["blur"], case["scaling"])
        records.append(dict(case, seed_x=1, seed_y=2, divergence=[float(v) for v in value.reshape(-1)]))
    record = {
        "made_by": "bench/peers/sinkhorn_geomloss.py reference",
        "peer": "geomloss " + geomloss.__version__ + " SamplesLoss('sinkhorn', p=2, debias=True, backend='tensorized'), float64",
        "torch": torch.__version__,
        "points": "x = scale * uniform(seed_x, n, d), y = scale * uniform(seed_y, m, d) + shift (bench/peers/points.py); "
                  "batched cases take rows b*n .. (b+1)*n - 1 of uniform(seed, batch*n, d) as cloud b",
        "cases": records,
    }
    with open(path, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")


def timed(n, m, d, blur, scaling):
    x, y = clouds(n, m, d)
    baseline = peer_env.current_rss_mb()
    start = time.perf_counter()
    value = divergence(x, y, blur, scaling)
    seconds = time.perf_counter() - start
    peer_env.emit({"peer": "geomloss " + geomloss.__version__ + " tensorized", "torch": torch.__version__,
                   "threads": torch.get_num_threads(), "blas": peer_env.blas_libraries(), "seconds": seconds, "value": float(value),
                   "rss_before_mb": baseline, "peak_rss_mb": peer_env.peak_rss_mb()})


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    if sys.argv[1] == "reference":
        reference(sys.argv[2])
    elif sys.argv[1] == "time":
        n, m, d = (int(v) for v in sys.argv[2:5])
        blur = float(sys.argv[5]) if len(sys.argv) > 5 else 0.05
        scaling = float(sys.argv[6]) if len(sys.argv) > 6 else 0.9
        timed(n, m, d, blur, scaling)
    else:
        raise SystemExit(__doc__)
