"""Files to validated values: the boundary manifest and layers, the summaries' figures,
the ONS statistics, the postcode index; the problems they raise; the disk cache of slow results.

Imports nothing else of geoapp but `geoapp.config`.
"""
