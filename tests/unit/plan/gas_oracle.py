#!/usr/bin/env python3
"""An independent GAS oracle for tests/unit/plan/test_gas_oracle.c.

Reads one `rules gas` case per line (JSON) and prints, per line, the
T-score x 100 rounded half away from zero, worked in exact rational
arithmetic from the decimals as written: the floor of 2·T·100 comes from
an integer square root, so there is no floating point anywhere.
"""
import json
import sys
from fractions import Fraction
from math import isqrt


def floor_sqrt(x):
    """floor(sqrt(x)) of a rational x >= 0."""
    return isqrt(x.numerator // x.denominator)


def is_integer_square(x):
    """x is the square of a whole number."""
    n = x.numerator
    return x.denominator == 1 and isqrt(n) ** 2 == n


def centi(case):
    goals = case["goals"]
    rho = Fraction(case.get("rho", Fraction("0.3")))
    w = [Fraction(g["weight"]) for g in goals]
    x = [int(g["score"]) for g in goals]
    s = sum(wi * xi for wi, xi in zip(w, x))
    d = (1 - rho) * sum(wi * wi for wi in w) + rho * sum(w) ** 2
    # 2·T·100 = 10000 + Z with Z = 2000·S/√D = ±√(4·10⁶·S²/D)
    z2 = Fraction(4 * 10**6) * s * s / d
    r = floor_sqrt(z2)
    exact = is_integer_square(z2)  # Z is a whole number
    if s >= 0:
        fz = r
    else:
        fz = -r if exact else -(r + 1)
    m = 10000 + fz  # floor(2u), u = T·100
    if exact and m % 2 == 1:  # 2u is an odd integer: a half
        return (m + 1) // 2 if m > 0 else (m - 1) // 2
    return (m + 1) // 2


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line, parse_float=Fraction, parse_int=Fraction)
        print(centi(case))


if __name__ == "__main__":
    main()
