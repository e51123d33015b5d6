"""Matrix products as the small English model does them: thinc's BLIS against numpy's BLAS.

    python bench/gemm.py

``dateline.nlp.BlasOps`` routes the model's matrix products through numpy because they
were a quarter of a run and numpy's BLAS was faster on the project's machine. This prints
the time per product for shapes the model uses (rows = tokens of a batch) with each, on
one thread (set ``OPENBLAS_NUM_THREADS`` to change that), so the choice can be checked
on another machine.
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import time  # noqa: E402

import numpy  # noqa: E402
from thinc.api import NumpyOps  # noqa: E402

from dateline.nlp import BlasOps  # noqa: E402

SHAPES = [(20_000, 288, 864), (20_000, 1152, 96), (20_000, 384, 192), (2_000, 96, 96)]


def per_product(ops: NumpyOps, x: numpy.ndarray, y: numpy.ndarray, repeat: int = 5) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        ops.gemm(x, y)
    return (time.perf_counter() - start) / repeat


def main() -> None:
    rng = numpy.random.default_rng(0)
    print(f"{'rows x inner x cols':>22}  {'thinc (BLIS)':>12}  {'numpy BLAS':>10}  speed-up")
    for m, k, n in SHAPES:
        x, y = rng.random((m, k), dtype="float32"), rng.random((k, n), dtype="float32")
        blis, blas = per_product(NumpyOps(), x, y), per_product(BlasOps(), x, y)
        print(f"{m:>8} x {k:>4} x {n:>4}  {blis * 1000:>10.1f}ms  {blas * 1000:>8.1f}ms  {blis / blas:.2f}x")


if __name__ == "__main__":
    main()
