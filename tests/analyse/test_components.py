"""The analysis components: what each needs runs first, and an unknown name is an error."""
import pytest

from communique.analyse import REGISTRY, Analyser, component, resolve_components


@component("test_components_needs_events", needs=("events",), adds=("nothing",))
def _needs_events(ctx) -> None:
    ctx.scratch["seen_events"] = list(ctx.analysis.events)


def test_needs_come_first_once():
    order = resolve_components(["test_components_needs_events", "quotes"])
    assert order.index("actors") < order.index("events") < order.index("test_components_needs_events")
    assert order.count("actors") == 1 and order[-1] == "quotes"


def test_unknown_component_is_an_error():
    Analyser.__init__  # the registry is filled when an Analyser is made
    with pytest.raises(ValueError, match="unknown analysis component 'evnets'"):
        resolve_components(["actors", "evnets"])


def test_circular_needs_are_an_error():
    component("test_components_a", needs=("test_components_b",))(lambda ctx: None)
    component("test_components_b", needs=("test_components_a",))(lambda ctx: None)
    try:
        with pytest.raises(ValueError, match="circle"):
            resolve_components(["test_components_a"])
    finally:
        REGISTRY.pop("test_components_a"), REGISTRY.pop("test_components_b")
