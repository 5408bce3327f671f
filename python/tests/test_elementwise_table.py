"""The elementwise function table (lib/IR/ElementwiseFns.c) as the Python
tests read it: each function's numpy formula, which the numerics tests use
as their reference, must compute what the table's float64 C reference
computes (at five points of its domain, printed by the test binary)."""
import numpy as np
import pytest

from conftest import ELEMENTWISE, elementwise_reference


def test_table_has_the_compiled_functions():
    # The ones tgraph ops lower to; the table may hold more.
    for name in ("add", "sub", "mul", "div", "max", "exp", "relu", "gelu",
                 "gelu_tanh", "silu"):
        assert name in ELEMENTWISE


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_formula_is_the_reference(name):
    fn = elementwise_reference(name)
    arity = ELEMENTWISE[name]["arity"]
    for x, y, ref in ELEMENTWISE[name]["samples"]:
        got = float(fn(np.float64(x)) if arity == 1 else fn(np.float64(x), np.float64(y)))
        assert abs(got - ref) <= 1e-13 * (1 + abs(ref)), (name, x, y, got, ref)
