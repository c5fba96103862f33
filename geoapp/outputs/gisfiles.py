"""GIS files of each published set, written once at start-up by GDAL (through pyogrio):
a GeoPackage and a zipped Shapefile, columns and types documented in data/README.md.

Both hold the same features as the GeoJSON download (the same rounded ONS shapes, WGS 84)
and the set's table columns (geoapp.outputs.tables), each with a fixed type: GIS tools take a
column's type from the file, so a count is an integer even where every value is unknown,
and an unknown value is null, never 0. Neither format has a list type, so the investments
are flattened (count, total, text); the GeoPackage keeps the structured list as JSON.

Shapefile field names are cut to the DBF's 10 characters by a documented table, and DBF
text to 254 bytes, so the Shapefile gets one text field per investment. Its zip carries a
README with the attribution, the licence and the field names. The files are written with
fixed timestamps, so the same inputs always give the same bytes (and the same ETag).
"""

from __future__ import annotations

import io
import json
import tempfile
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geoapp.model.areas import AreaSet
from geoapp.outputs.tables import area_columns, field, investment_summary, investment_text

GEOPACKAGE_TYPE = "application/geopackage+sqlite3"
ZIP_TYPE = "application/zip"
#: The coordinate reference system of every download: WGS 84 longitude/latitude.
CRS = "EPSG:4326"
#: What GDAL writes as "now" in the files (GeoPackage) and the zip's entry dates.
FIXED_TIME = "2018-12-03T00:00:00.000Z"
ZIP_TIME = (2018, 12, 3, 0, 0, 0)
DEFLATED = zipfile.ZIP_DEFLATED
#: The DBF format's limits: field names, and bytes of text in a field.
DBF_NAME_LIMIT = 10
DBF_TEXT_LIMIT = 254
#: Text fields of one investment each in the Shapefile: pages list 2–5 investments (more
#: fields are added when a page lists more).
INVESTMENT_SLOTS = 4
#: Column kind → pandas dtype; GDAL maps them to Integer64, Real and String fields.
DTYPES = {"integer": "Int64", "real": "Float64", "text": "string"}
#: Record field types (geoapp.model.record) → column kind.
KINDS = {"integer": "integer", "number": "real", "string": "text"}
#: Kinds of the nested fields that tables flatten into columns (the rest are text).
NESTED_KINDS = {"case_study.amount_gbp": "integer"}

#: Column (GeoPackage and CSV) → Shapefile field, every name within DBF_NAME_LIMIT.
SHAPEFILE_NAMES = {
    "code": "code",
    "name": "name",
    "area_type": "area_type",
    "lis_wave": "lis_wave",
    "summary_status": "status",
    "period": "period",
    "population": "population",
    "businesses": "businesses",
    "people_in_employment": "employed",
    "employment_change_since_2010": "emp_ch2010",
    "living_wage_beneficiaries": "wage_benef",
    "apprenticeship_starts_last_year": "apprentice",
    "case_study_name": "cs_name",
    "case_study_place": "cs_place",
    "case_study_description": "cs_desc",
    "case_study_amount_text": "cs_amount",
    "case_study_amount_gbp": "cs_gbp",
    "lis_line": "lis_line",
    "summary_note": "note",
    "source_title": "src_title",
    "source_publisher": "src_publ",
    "source_published": "src_date",
    "source_urls": "src_urls",
    "provenance_file": "prov_file",
    "provenance_sha256": "prov_sha",
    "provenance_read": "prov_read",
    "provenance_status": "prov_stat",
    "ons_statistics": "ons_stats",
    "ons_residents_16_64_2017": "res_2017",
    "ons_employed_16_64_2017": "empl_2017",
    "ons_residents_16_64_2018": "res_2018",
    "ons_employed_16_64_2018": "empl_2018",
    "ons_enterprises_2018": "ent_2018",
    "ons_in_employment_16_plus_2017": "e16p_2017",
    "ons_in_employment_16_plus_2017_18": "e16p_1718",
    "ons_in_employment_16_plus_2018": "e16p_2018",
    "employment_rate_2017": "rate_2017",
    "employment_rate_2018": "rate_2018",
    "employment_rate_change": "rate_chg",
    "enterprises_per_1000_residents": "ent_per1k",
    "ons_statistics_source": "ons_source",
    "ons_statistics_area_codes": "ons_areas",
    "summary_area_codes": "sum_areas",
    "investments_count": "inv_count",
    "investments_total_gbp": "inv_total",
    **{f"investment_{n}": f"inv_{n}" for n in range(1, INVESTMENT_SLOTS + 1)},
}


@dataclass(frozen=True)
class GisColumn:
    """One column of a GIS file: its name, its kind and how it is read from a record."""

    name: str
    kind: str
    value: Callable[[dict], object]


def plain(value):
    """Return a table value as a GIS field holds it: a list becomes its items, spaced (an
    empty list, null)."""
    return (" ".join(map(str, value)) or None) if isinstance(value, list) else value


def column_kind(path: str, value, property_types: dict[str, str]) -> str:
    """Return the kind of the column read from ``path``: documented, else from its value."""
    if path in NESTED_KINDS:
        return NESTED_KINDS[path]
    if path in property_types:
        return KINDS.get(property_types[path], "text")
    if "." in path or "[]" in path or isinstance(value, str):
        return "text"
    return "real" if isinstance(value, float) else "integer"


def table_columns(area_set: AreaSet, records: list[dict]) -> list[GisColumn]:
    """Return the set's table columns (as in its CSV), each with its kind."""
    columns = []
    for name, path in area_columns(records, area_set.table_columns).items():
        sample = next((v for r in records if (v := field(r, path)) is not None), None)
        kind = column_kind(path, sample, area_set.property_types)
        columns.append(GisColumn(name, kind, reader_of(path)))
    return columns


def reader_of(path: str) -> Callable[[dict], object]:
    """Return a function giving a record's plain value at ``path`` (as its CSV column)."""
    return lambda record: plain(field(record, path))


def summary_column(name: str, kind: str) -> GisColumn:
    return GisColumn(name, kind, lambda record: investment_summary(record)[name])


def slot_column(position: int) -> GisColumn:
    """Return the text column of the investment at ``position`` (from 1) of the page."""

    def value(record: dict):
        investments = record.get("investments") or []
        return investment_text(investments[position - 1]) if position <= len(investments) else None

    return GisColumn(f"investment_{position}", "text", value)


def investments_json(record: dict):
    """Return the structured list of investments as JSON text (None when none are known)."""
    investments = record.get("investments")
    return None if investments is None else json.dumps(investments, ensure_ascii=False)


def geopackage_columns(area_set: AreaSet, records: list[dict]) -> list[GisColumn]:
    """Return the GeoPackage's columns: the table's, then the investments, flattened and
    as JSON."""
    columns = table_columns(area_set, records)
    if area_set.has_summaries:
        columns += [
            summary_column("investments_count", "integer"),
            summary_column("investments_total_gbp", "integer"),
            summary_column("investments_text", "text"),
            GisColumn("investments_json", "text", investments_json),
        ]
    return columns


def shapefile_columns(area_set: AreaSet, records: list[dict]) -> list[GisColumn]:
    """Return the Shapefile's columns (full names; see shapefile_name): the table's, then the
    investments' count and total and one text column per investment."""
    columns = table_columns(area_set, records)
    if area_set.has_summaries:
        most = max((len(r.get("investments") or []) for r in records), default=0)
        columns += [
            summary_column("investments_count", "integer"),
            summary_column("investments_total_gbp", "integer"),
            *(slot_column(n) for n in range(1, max(INVESTMENT_SLOTS, most) + 1)),
        ]
    return columns


def shapefile_names(columns: list[str]) -> dict[str, str]:
    """Return column → Shapefile field name: the documented name, else (a field added to the
    records later) its first 10 characters, numbered if that name is taken."""
    names: dict[str, str] = {}
    for column in columns:
        name = SHAPEFILE_NAMES.get(column, column[:DBF_NAME_LIMIT])
        number = 1
        while name in names.values():
            number += 1
            name = f"{column[: DBF_NAME_LIMIT - len(str(number)) - 1]}_{number}"
        names[column] = name
    return names


def fit_dbf_text(value):
    """Return text within the DBF's 254 bytes (UTF-8), cut at a character and ending "…"."""
    if not isinstance(value, str) or len(value.encode()) <= DBF_TEXT_LIMIT:
        return value
    room = DBF_TEXT_LIMIT - len("…".encode())
    return value.encode()[:room].decode(errors="ignore").rstrip() + "…"


def set_records(features: tuple[dict, ...]) -> list[dict]:
    """Return the records of the set's features (those of every other output), in order."""
    return [feature["properties"] for feature in features]


def gis_frame(
    area_set: AreaSet, features: tuple[dict, ...], columns: list[GisColumn]
) -> gpd.GeoDataFrame:
    """Return the set's areas as a GeoDataFrame: the columns, typed, and the download shapes."""
    records = set_records(features)
    data = {
        column.name: pd.array([column.value(r) for r in records], dtype=DTYPES[column.kind])
        for column in columns
    }
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    return gpd.GeoDataFrame(data, geometry=shapes, crs=CRS)


def write_with_gdal(frame: gpd.GeoDataFrame, path: Path, **options) -> None:
    """Write ``frame`` with GDAL, every polygon as a multipolygon, "now" fixed."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_TIME})
    try:
        pyogrio.write_dataframe(frame, path, promote_to_multi=True, **options)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def layer_metadata(area_set: AreaSet) -> dict[str, str]:
    """Return what travels in the file with the layer: attribution, licence, source, version."""
    provenance = area_set.provenance
    return {
        "attribution": "\n".join(provenance.attributions),
        "licence": provenance.licence,
        "licence_url": provenance.licence_url,
        "source": json.dumps(provenance.source, ensure_ascii=False),
        "data_version": provenance.version,
    }


def geopackage_bytes(area_set: AreaSet, features: tuple[dict, ...]) -> bytes:
    """Return the set as a GeoPackage: one layer named as the set ("areas", "leps2021")."""
    frame = gis_frame(area_set, features, geopackage_columns(area_set, set_records(features)))
    attribution = " ".join(area_set.provenance.attributions)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{area_set.collection_id}.gpkg"
        write_with_gdal(
            frame,
            path,
            layer=area_set.collection_id,
            driver="GPKG",
            layer_options={
                "IDENTIFIER": area_set.title,
                "DESCRIPTION": f"{area_set.description} {attribution}",
            },
            layer_metadata=layer_metadata(area_set),
        )
        return path.read_bytes()


def shapefile_readme(
    area_set: AreaSet, columns: list[GisColumn], names: dict[str, str], cut: dict[str, int]
) -> str:
    """Return the zip's README: what the set is, attribution, licence, the field names, and
    how many values of which fields were cut to fit (``cut``: field → count)."""
    provenance = area_set.provenance
    cut_text = ", ".join(f"{names[name]} ({count})" for name, count in cut.items()) or "none"
    width = max(map(len, names.values()))
    fields = "\n".join(f"  {names[c.name]:<{width}}  {c.name} ({c.kind})" for c in columns)
    attribution = "\n".join(f"  {line}" for line in provenance.attributions)
    return (
        f"{area_set.title}\n\n{textwrap.fill(area_set.description, 88)}\n\n"
        f"Attribution (show it wherever you show these data):\n{attribution}\n\n"
        f"Licence: {provenance.licence}, {provenance.licence_url}\n"
        f"Data version: {provenance.version}\n\n"
        "Coordinates: WGS 84 longitude/latitude (EPSG:4326), 5 decimal places; where areas\n"
        "overlapped, each keeps its whole shape. Text is UTF-8 (see the .cpg file).\n\n"
        "Fields: Shapefile (DBF) field names are at most 10 characters; each is listed with\n"
        "the column it holds, as named in the GeoPackage and CSV downloads and explained in\n"
        "the data dictionary (data/README.md). An unknown value is empty (null), never 0.\n"
        "Text longer than the format's 254 bytes is cut and ends with an ellipsis; the\n"
        f"GeoPackage and CSV hold it in full. Values cut: {cut_text}.\n\n"
        f"{fields}\n"
    )


def shapefile_zip_bytes(area_set: AreaSet, features: tuple[dict, ...]) -> bytes:
    """Return the set as a zipped Shapefile (.shp, .shx, .dbf, .prj, .cpg) with its README."""
    columns = shapefile_columns(area_set, set_records(features))
    names = shapefile_names([c.name for c in columns])
    frame = gis_frame(area_set, features, columns)
    cut = {}
    for column in (c for c in columns if c.kind == "text"):
        fitted = frame[column.name].map(fit_dbf_text, na_action="ignore")
        if changed := int((fitted != frame[column.name]).fillna(False).sum()):
            cut[column.name] = changed
        frame[column.name] = fitted
    frame = frame.rename(columns=names)
    stem = area_set.set_file_name
    archive = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        write_with_gdal(
            frame,
            Path(folder) / f"{stem}.shp",
            driver="ESRI Shapefile",
            encoding="UTF-8",
            layer_options={"DBF_DATE_LAST_UPDATE": FIXED_TIME[:10]},
        )
        with zipfile.ZipFile(archive, "w") as bundle:
            for path in sorted(Path(folder).iterdir()):
                bundle.writestr(zipfile.ZipInfo(path.name, ZIP_TIME), path.read_bytes(), DEFLATED)
            readme = shapefile_readme(area_set, columns, names, cut).encode()
            bundle.writestr(zipfile.ZipInfo("README.txt", ZIP_TIME), readme, DEFLATED)
    return archive.getvalue()
