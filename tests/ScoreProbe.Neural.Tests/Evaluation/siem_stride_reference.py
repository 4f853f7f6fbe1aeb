"""Reference values for SiemStatisticTests: SIEM and ||mu|| of the paper's every-step computation (Appendix B.4).

Run with Debian's python3-scipy / python3-numpy:  /usr/bin/python3 siem_stride_reference.py
The series is the one the C# test draws: a smooth trend plus white noise of slowly varying size over diffusers
timesteps t = 999..0,
    b(t) = 3 sin(2 pi t / 200 + 0.3) + 2 t / 1000,    s(t) = 1 + 0.5 t / 999,    xi(t) = b(t) + s(t) z_t.
At stride 1: mu = gaussian_filter1d(xi, 10) (mode "reflect", truncate 4), SIEM = sqrt(mean((xi - mu)^2) L / T) and
||mu|| = sqrt(mean(mu^2) L / T) over the range's L timesteps (999..0, or 999..900 filtered on its own).
Printed per range, over 20000 noise draws: the root mean square of SIEM and of ||mu|| (what the test compares: SIEM^2,
the quadratic variation of eq. (14), is the sum a strided series estimates without bias), with the standard error of the
mean square, and the plain means.
"""
import numpy as np
from scipy.ndimage import gaussian_filter1d

T, SIGMA, DRAWS = 1000, 10.0, 20000
t = np.arange(T - 1, -1, -1)                       # sampling order 999..0
trend = 3 * np.sin(2 * np.pi * t / 200 + 0.3) + 2 * t / 1000
scale = 1 + 0.5 * t / 999
rng = np.random.default_rng(20240611)

for name, low in [("full", 0), ("first10", 900)]:
    keep = t >= low
    siem, mu_norm = [], []
    for chunk in range(DRAWS // 1000):
        xi = trend[keep] + scale[keep] * rng.standard_normal((1000, keep.sum()))
        mu = gaussian_filter1d(xi, SIGMA, axis=1, mode="reflect", truncate=4.0)
        dt = 1.0 / T
        siem.append(np.sqrt(((xi - mu) ** 2).sum(axis=1) * dt))
        mu_norm.append(np.sqrt((mu ** 2).sum(axis=1) * dt))
    siem, mu_norm = np.concatenate(siem), np.concatenate(mu_norm)
    for label, values in [("SIEM", siem), ("||mu||", mu_norm)]:
        squares = values ** 2
        print(f"{name} {label}: rms {np.sqrt(squares.mean()):.6f} (mean square {squares.mean():.6f} "
              f"+- {squares.std(ddof=1) / np.sqrt(DRAWS):.6f}), mean {values.mean():.6f}")
