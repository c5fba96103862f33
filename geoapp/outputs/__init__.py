"""Every rendering of the model: the folium map, GeoJSON, CSV and GIS files, the OGC API
documents, embeds, pictures, area pages and search. No Flask.
"""
