"""``geoapp summaries import|fetch``: the BEIS summary PDFs read into data/summaries/.

pdftext (PDF → paragraphs in reading order) → page (paragraphs → fields, strictly) →
importer (fields → TOML files, with provenance, diffs and safeguards); fetch finds and
downloads the PDFs through GOV.UK's Content API; commands wires them to the CLI. No Flask.
"""
