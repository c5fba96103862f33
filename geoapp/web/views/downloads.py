"""Downloads of each published set, built at start-up: the summary areas and the 2021 LEPs
as GeoJSON (all, or one), CSV, GeoPackage and zipped Shapefile, and the summaries'
investments."""

from flask import Blueprint, abort

from geoapp.outputs.downloads import Download
from geoapp.web.http import send_bytes
from geoapp.web.views import site

blueprint = Blueprint("downloads", __name__, url_prefix="/downloads")


def send_download(download: Download | None):
    """Return the file as an attachment (ETag, 304, gzip; caching and CORS are its route
    family's), or 404 if there is none."""
    if download is None:
        abort(404, description="There is no such download; see /downloads/areas.geojson.")
    response = send_bytes(
        download.body,
        download.content_type,
        download.etag,
        download.gzipped,
        ranges=True,
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@blueprint.get("/areas.geojson")
def areas_geojson():
    return send_download(site().downloads.file("areas.geojson"))


@blueprint.get("/areas/<code>.geojson")
def area_geojson(code: str):
    return send_download(site().downloads.area(code))


@blueprint.get("/areas.csv")
def areas_csv():
    return send_download(site().downloads.file("areas.csv"))


@blueprint.get("/areas.gpkg")
def areas_geopackage():
    return send_download(site().downloads.file("areas.gpkg"))


@blueprint.get("/areas.shp.zip")
def areas_shapefile():
    return send_download(site().downloads.file("areas.shp.zip"))


@blueprint.get("/investments.csv")
def investments_csv():
    return send_download(site().downloads.file("investments.csv"))


@blueprint.get("/leps2021.geojson")
def leps2021_geojson():
    return send_download(site().downloads.file("leps2021.geojson"))


@blueprint.get("/leps2021/<code>.geojson")
def lep2021_geojson(code: str):
    return send_download(site().downloads.area(code, "leps2021"))


@blueprint.get("/leps2021.csv")
def leps2021_csv():
    return send_download(site().downloads.file("leps2021.csv"))


@blueprint.get("/leps2021.gpkg")
def leps2021_geopackage():
    return send_download(site().downloads.file("leps2021.gpkg"))


@blueprint.get("/leps2021.shp.zip")
def leps2021_shapefile():
    return send_download(site().downloads.file("leps2021.shp.zip"))
