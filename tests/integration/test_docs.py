"""The docs stay honest: every route, setting and record field is documented."""

import re

from geoapp.config import ENVIRONMENT, PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()
DICTIONARY = (PROJECT_ROOT / "data" / "README.md").read_text()


def documented_routes() -> set[str]:
    return set(re.findall(r"^\| `(/[^`?]*)", README, flags=re.M))


def test_every_route_is_in_the_readme(real_app):
    rules = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
        for rule in real_app.url_map.iter_rules()
        if rule.endpoint != "static"
    }
    documented = {re.sub(r"<[^>]+>", "<x>", route) for route in documented_routes()}
    missing = {r for r in rules if re.sub(r"<[^>]+>", "<x>", r) not in documented}
    # Versioned assets are documented by their pattern.
    missing.discard("/assets/<versioned_name>")
    assert missing == set()


def test_every_setting_is_in_the_readme():
    for variable in ENVIRONMENT:
        assert f"| `{variable}` |" in README, variable


def field_paths(value, prefix=""):
    """Yield the dotted paths of a record's fields, lists as `name[]`."""
    for key, item in value.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(item, dict):
            yield from field_paths(item, path + ".")
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            for element in item:
                yield from field_paths(element, path + "[].")


def test_every_record_field_is_in_the_data_dictionary(real_app):
    area_set = real_app.extensions["geoapp"].summaries
    fields = {path for area in area_set.areas for path in field_paths(area_set.record(area))}
    documented = set(re.findall(r"^\| `([^`]+)` \|", DICTIONARY, flags=re.M))
    assert fields - documented == set()
    assert {"population", "people_in_employment", "case_study.amount_gbp"} <= fields


def test_the_data_dictionary_is_what_the_record_declares():
    # data/README.md's tables of fields and columns are rendered from geoapp/model/record.py;
    # after changing a field there, paste these rows into the dictionary.
    from geoapp.model.record import FIELDS, LEPS_2021, SUMMARIES, dictionary_rows, table_rows

    for rows in (dictionary_rows(FIELDS), table_rows(SUMMARIES), table_rows(LEPS_2021)):
        assert "\n".join(rows) in DICTIONARY, "\n".join(rows)


def test_every_field_a_record_holds_is_declared(real_app):
    from geoapp.model.record import TOP_LEVEL

    for area_set in real_app.extensions["geoapp"].area_sets.values():
        for area in area_set.areas:
            record = area_set.record(area)
            assert set(record) <= {n for n, f in TOP_LEVEL.items() if area_set.key in f.sets}
