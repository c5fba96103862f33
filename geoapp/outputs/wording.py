"""Plain words for what the data records in shorthand. No Flask; plain text in and out."""

from __future__ import annotations

#: What each Local Industrial Strategy wave meant, in words a visitor needs no glossary for.
WAVES = (
    (
        "wave 1",
        "One of the first areas chosen to develop a Local Industrial Strategy "
        "(announced November 2017).",
    ),
    (
        "wave 2",
        "Chosen in the second group of areas to develop a Local Industrial Strategy "
        "(announced July 2018).",
    ),
    (
        "wave 3",
        "Asked, with all the remaining Local Enterprise Partnerships, to develop a Local "
        "Industrial Strategy (announced 3 December 2018).",
    ),
    (
        "not applicable",
        "Local Industrial Strategies were for England's Local Enterprise Partnerships; in "
        "October 2018 the government said it would explore similar work with places in "
        "Scotland, Wales and Northern Ireland.",
    ),
)
#: The groups some first-wave areas worked in, named after the wave in the data.
GROUPS = {
    "part of the West Midlands LIS": "Part of the West Midlands strategy.",
    "Cambridge-Milton Keynes-Oxford corridor": "Part of the Cambridge–Oxford corridor.",
}


def lis_wave_sentence(lis_wave: str) -> str:
    """Return the area's Local Industrial Strategy wave as a plain sentence.

    >>> lis_wave_sentence("wave 2 (announced July 2018)").split(" (")[0]
    'Chosen in the second group of areas to develop a Local Industrial Strategy'
    >>> lis_wave_sentence("")
    ''

    A wave this module does not know is returned as recorded, so nothing is lost.
    """
    text = lis_wave.strip()
    for prefix, sentence in WAVES:
        if text.lower().startswith(prefix):
            extra = [more for key, more in GROUPS.items() if key in text]
            return " ".join([sentence, *extra])
    return text
