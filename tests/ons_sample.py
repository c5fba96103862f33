"""A tiny sample of data/ons/ for unit tests: measures.toml and statistics.csv."""

ONS_MEASURES = """\
[collection]
title = "ONS statistics (2021 LEPs)"
publisher = "ONS"
licence = "Open Government Licence v3.0"
licence_url = "https://example.org/ogl-ons"
attribution = "Statistics: ONS"
caveat = "Shared districts count twice."

[measures.aps_population_aged_16_64]
label = "Residents aged 16–64"
unit = "persons"
dataset = "APS"
periods = ["Jan 2017-Dec 2017", "Jan 2018-Dec 2018"]
rounded_to = 100
caveat = "Survey estimate, rounded to the nearest 100."

[measures.aps_in_employment_aged_16_64]
label = "Residents aged 16–64 in employment"
unit = "persons"
dataset = "APS"
periods = ["Jan 2017-Dec 2017", "Jan 2018-Dec 2018"]
rounded_to = 100
caveat = "Survey estimate, rounded to the nearest 100."

[measures.ubc_enterprises_total]
label = "VAT- or PAYE-registered enterprises"
unit = "enterprises"
dataset = "UBC"
periods = ["March 2018"]
rounded_to = 5
caveat = "Count rounded to the nearest 5."
"""
ONS_ROWS = """\
area_code,area_name,measure,period,value
E37000001,Alpha,aps_population_aged_16_64,Jan 2017-Dec 2017,724300
E37000001,Alpha,aps_in_employment_aged_16_64,Jan 2017-Dec 2017,494900
E37000001,Alpha,aps_population_aged_16_64,Jan 2018-Dec 2018,729000
E37000001,Alpha,aps_in_employment_aged_16_64,Jan 2018-Dec 2018,500600
E37000001,Alpha,ubc_enterprises_total,March 2018,33330
E37000050,Gamma,aps_population_aged_16_64,Jan 2018-Dec 2018,1000
E37000050,Gamma,aps_in_employment_aged_16_64,Jan 2018-Dec 2018,700
"""
