"""Property tests of the dissolve function used by the contour marts (warehouse/geometry.py)."""

from __future__ import annotations

import json

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box, mapping, shape

from vigie_industrie.warehouse import geometry

# Boxes on a 0.01° lattice: exact on the 0.001° grid, so areas compare exactly (up to float error).
cells = st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(1, 6), st.integers(1, 6))


def _text(cell):
    x, y, w, h = cell
    return json.dumps(mapping(box(x / 100, y / 100, (x + w) / 100, (y + h) / 100)))


@settings(max_examples=60, deadline=None)
@given(st.lists(cells, min_size=1, max_size=8))
def test_union_area_is_the_area_of_the_union(boxes):
    texts = [_text(c) for c in boxes]
    got = shape(json.loads(geometry.union(texts)))
    expected = shapely.union_all([shape(json.loads(t)) for t in texts])
    assert abs(got.area - expected.area) < 1e-9
    assert got.area <= sum(shape(json.loads(t)).area for t in texts) + 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(cells, min_size=1, max_size=6), st.randoms())
def test_union_ignores_order_and_repeats(boxes, rnd):
    texts = [_text(c) for c in boxes]
    shuffled = texts * 2
    rnd.shuffle(shuffled)
    a, b = shape(json.loads(geometry.union(texts))), shape(json.loads(geometry.union(shuffled)))
    assert a.symmetric_difference(b).area < 1e-9


@settings(max_examples=40, deadline=None)
@given(cells, st.floats(0.5, 3), st.floats(0.5, 3), st.floats(-10, 10), st.floats(-10, 10))
def test_relocate_maps_the_box_onto_the_box(cell, sx, sy, tx, ty):
    text = _text(cell)
    x0, y0, x1, y1 = shape(json.loads(text)).bounds
    X0, Y0 = x0 * sx + tx, y0 * sy + ty
    X1, Y1 = X0 + (x1 - x0) * sx, Y0 + (y1 - y0) * sy
    got = shape(json.loads(geometry.relocate(text, x0, y0, x1, y1, X0, Y0, X1, Y1))).bounds
    assert all(abs(g - e) <= 0.0011 for g, e in zip(got, (X0, Y0, X1, Y1)))


def test_empty_and_missing_give_null():
    assert geometry.union([]) is None and geometry.union([None]) is None
    assert geometry.relocate(None, 0, 0, 1, 1, 0, 0, 1, 1) is None and geometry.bounds(None) is None
