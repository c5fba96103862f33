"""The one record shape and the sets of areas that every output reads.

Imports `geoapp.geometry` and `geoapp.inputs` below it.
"""
