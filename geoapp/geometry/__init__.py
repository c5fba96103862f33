"""Shapes: mending the borders between layers, shared-arc TopoJSON, the point lookup.

Imports only `geoapp.inputs` below it.
"""
