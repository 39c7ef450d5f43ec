"""The probability arithmetic of the model: k-of-n over instances, and spreading instances over zones.

Pure functions of numbers, no design: the worked examples of the published guidance are tested
against them directly.
"""

from __future__ import annotations

from math import comb, exp, lgamma, log, log1p
from typing import Sequence

EXACT_UP_TO = 1000  # comb(n, n // 2) is a float up to here; past it, terms are summed as logs


def k_of_n(n: int, k: int, a: float) -> float:
    """P(at least k of n independent instances are up), each up with probability a."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if n <= EXACT_UP_TO:
        return sum(comb(n, i) * a ** i * (1 - a) ** (n - i) for i in range(k, n + 1))
    if a <= 0.0 or a >= 1.0:
        return 1.0 if a >= 1.0 else 0.0
    # Thousands of instances: comb(n, i) overflows a float, so each term is exp(log term).
    log_up, log_down, log_n = log(a), log1p(-a), lgamma(n + 1)
    total = sum(exp(log_n - lgamma(i + 1) - lgamma(n - i + 1) + i * log_up + (n - i) * log_down)
                for i in range(k, n + 1))
    return min(total, 1.0)


def at_least(k: int, up: Sequence[float]) -> float:
    """P(at least k instances are up), instance i up with probability up[i] (they may differ).

    The distribution of the number of instances up, built one instance at a time: O(n x k).
    """
    if k <= 0:
        return 1.0
    if k > len(up):
        return 0.0
    if len(set(up)) == 1:
        return k_of_n(len(up), k, up[0])
    # dist[j]: P(exactly j up so far) for j < k; dist[k]: P(at least k up so far)
    dist = [1.0] + [0.0] * k
    for p in up:
        q = 1.0 - p
        dist[k] = dist[k] + dist[k - 1] * p
        for j in range(k - 1, 0, -1):
            dist[j] = dist[j] * q + dist[j - 1] * p
        dist[0] *= q
    return dist[k]


def at_least_in_blocks(k: int, blocks: Sequence[tuple[float, Sequence[float]]]) -> float:
    """P(at least k instances up) when instances come in blocks: block b is up with probability
    q_b (its domains), and given that, its instance i is up with probability up[i]; blocks are
    independent. The count distribution is convolved block by block, capped at k: O(n x k)."""
    if k <= 0:
        return 1.0
    dist = [1.0] + [0.0] * k  # dist[k]: P(at least k so far)
    for q, up in blocks:
        inside = [1.0] + [0.0] * k  # the block's own count, given it is up
        for p in up:
            inside[k] = inside[k] + inside[k - 1] * p
            for j in range(k - 1, 0, -1):
                inside[j] = inside[j] * (1.0 - p) + inside[j - 1] * p
            inside[0] *= 1.0 - p
        block = [q * x for x in inside]
        block[0] += 1.0 - q
        merged = [0.0] * (k + 1)
        for i, x in enumerate(dist):
            if x == 0.0:
                continue
            for j, y in enumerate(block):
                merged[min(k, i + j)] += x * y
        dist = merged
    return dist[k]


def spread(instances: int, zones: int) -> list[int]:
    """Instances per zone, as even as possible, the first zones taking one more."""
    base, extra = divmod(instances, zones)
    return [base + (1 if i < extra else 0) for i in range(zones)]


def serial(availabilities: Sequence[float]) -> float:
    """Everything needed at once: the plain product."""
    result = 1.0
    for a in availabilities:
        result *= a
    return result


def parallel(availabilities: Sequence[float]) -> float:
    """Any one is enough: one minus the chance that all are down."""
    down = 1.0
    for a in availabilities:
        down *= 1.0 - a
    return 1.0 - down
