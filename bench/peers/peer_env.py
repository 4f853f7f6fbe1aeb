"""Locates a peer's public source tree (PEER_SRC_<NAME> or the folders given) and reports what runs the peer here."""
import json
import os
import resource
import sys


def add_source(package, variable, candidates=()):
    """Puts the folder holding `package` on sys.path: $variable first, then the candidates; True when importable."""
    for root in [os.environ.get(variable)] + list(candidates):
        if root and os.path.isdir(os.path.join(root, package)):
            sys.path.insert(0, root)
            return True
    try:
        __import__(package)
        return True
    except ImportError:
        return False


def peak_rss_mb():
    """Peak resident set of this process in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def emit(record):
    print(json.dumps(record), flush=True)


def blas_libraries():
    """The BLAS/LAPACK shared libraries this process has mapped (reference BLAS and OpenBLAS differ 10-50x in speed)."""
    names = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if any(key in path for key in ("blas", "lapack", "mkl")):
                names.add(path)
    return sorted(names)
