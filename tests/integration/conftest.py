"""Fixtures of the integration tests: the real data's sets of areas, as the app loaded them."""

import pytest


@pytest.fixture(scope="session")
def area_set(real_app):
    """The summaries' 41 areas (December 2018) of the real app."""
    return real_app.extensions["geoapp"].summaries


@pytest.fixture(scope="session")
def leps2021(real_app):
    """The 38 LEPs of April 2021 (ONS statistics) of the real app."""
    return real_app.extensions["geoapp"].area_sets["leps2021"]
