"""Fixtures of the unit tests, on the tiny synthetic world of tests/conftest.py.

The fixtures chain as flaskr's do: ``tiny_world`` (every input and the cache under
``tmp_path``) → ``tiny_app`` (``create_app`` on it) → ``client``; ``runner`` runs the
``geoapp`` command line on the same world. Each test gets fresh files and a fresh app.

Unit tests are hermetic: the guard (tests/hermetic.py, switched on by the hooks below for
tests/unit only) fails any unit test that opens, lists or writes anything in the
repository's ``cache/`` or in ``../shared`` (the real boundaries and the 67 MB of
postcodes). Tests that need those belong in tests/integration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hermetic import GUARD

from geoapp.config import ENVIRONMENT


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    return (yield from guarded())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from guarded())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    return (yield from guarded())


def guarded() -> Iterator[None]:
    """Run one phase of a unit test (fixtures included) with the guard on; fail the phase
    if anything under FORBIDDEN was touched. These hooks apply to tests/unit only."""
    GUARD.active, GUARD.touched = True, []
    try:
        result = yield
    finally:
        GUARD.active = False
    if GUARD.touched:
        pytest.fail("not hermetic: " + "; ".join(GUARD.touched), pytrace=False)
    return result


@pytest.fixture()
def area_set(tiny_world):
    """The tiny world's summary areas, loaded as the app loads the real ones."""
    from geoapp.model.sets import load_summaries

    return load_summaries(
        tiny_world["boundaries_manifest"], tiny_world["boundaries_dir"], tiny_world["data_dir"]
    )


@pytest.fixture()
def tiny_app(tiny_world: dict, request: pytest.FixtureRequest) -> Flask:
    """The app on the tiny world; on ``tiny_world_2021`` when the test asks for that too
    (whatever the order of its arguments: the app is built after the world is written)."""
    from geoapp import create_app

    if "tiny_world_2021" in request.fixturenames:
        request.getfixturevalue("tiny_world_2021")
    return create_app(tiny_world)


@pytest.fixture()
def client(tiny_app: Flask) -> FlaskClient:
    """A test client of ``tiny_app``."""
    return tiny_app.test_client()


@pytest.fixture()
def runner(tiny_world: dict, monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], int]:
    """``geoapp.cli.main`` with the tiny world's settings in the environment (as a server
    is configured); call it with the arguments, get the exit code."""
    from geoapp.cli import main

    for variable, name in ENVIRONMENT.items():
        if name in tiny_world:
            monkeypatch.setenv(variable, str(tiny_world[name]))
    return main
