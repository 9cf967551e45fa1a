"""Minimum-cost assignment (Hungarian method with potentials, shortest augmenting paths), written
for the small matrices of stroke matching (a few dozen rows); the inner loop is vectorised."""

from __future__ import annotations

import numpy as np


def min_cost_assignment(cost: np.ndarray) -> np.ndarray:
    """For a square cost matrix, column assigned to each row minimising the total cost."""
    n = cost.shape[0]
    if n == 0:
        return np.zeros(0, dtype=int)
    u = np.zeros(n + 1)
    v = np.zeros(n + 1)
    row_of_col = np.zeros(n + 1, dtype=int)  # 1-based row matched to each column; column 0 is the root
    way = np.zeros(n + 1, dtype=int)
    padded = np.zeros((n + 1, n + 1))
    padded[1:, 1:] = cost
    for row in range(1, n + 1):
        row_of_col[0] = row
        col = 0
        min_slack = np.full(n + 1, np.inf)
        used = np.zeros(n + 1, dtype=bool)
        while True:
            used[col] = True
            current = row_of_col[col]
            slack = padded[current] - u[current] - v
            free = ~used
            better = free & (slack < min_slack)
            min_slack[better] = slack[better]
            way[better] = col
            masked = np.where(free, min_slack, np.inf)
            nxt = int(np.argmin(masked))
            delta = masked[nxt]
            u[row_of_col[used]] += delta
            v[used] -= delta
            min_slack[free] -= delta
            col = nxt
            if row_of_col[col] == 0:
                break
        while col:
            prev = way[col]
            row_of_col[col] = row_of_col[prev]
            col = prev
    assignment = np.zeros(n, dtype=int)
    assignment[row_of_col[1:] - 1] = np.arange(n)
    return assignment
