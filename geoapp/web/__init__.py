"""HTTP: the Flask app, its views and response concerns, the servers and the static export.

The only package that imports Flask.
"""
