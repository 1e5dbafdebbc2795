"""Country names and demonyms as printed by list publishers → ISO 3166-1 alpha-2.

pycountry knows the ISO names but not the spellings the lists use ("Russia", "Korea,
North", "Burma", "DPRK", "Iranian"), so a small alias table fills the gap. Two entry
points:

* :func:`to_iso2` — one value that should *be* a country (an OFAC address country, a CSL
  code). Exact lookups only.
* :func:`extract_countries` — free text such as EU ``"(a) German, (b) Moroccan"`` or UN
  ``"Iran (Islamic Republic of)"``: scans for every known name, longest first, so
  "South Sudan" is not read as "Sudan" and "Guinea-Bissau" not as "Guinea".

Kosovo is returned as ``XK`` (user-assigned, but used by the EU, OFAC and the UK).
Ambiguous words ("Congolese", "Korea", "Soviet Union") resolve to nothing rather than a guess.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# Publisher spellings that pycountry does not resolve (keys are normalised, see _norm).
_ALIASES: dict[str, str] = {
    "russia": "RU",
    "burma": "MM",
    "myanmar/burma": "MM",
    "myanmar": "MM",
    "korea, north": "KP",
    "north korea": "KP",
    "dprk": "KP",
    "democratic people's republic of korea": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "democratic republic of congo": "CD",
    "drc": "CD",
    "congo, republic of the": "CG",
    "republic of the congo": "CG",
    "iran (islamic republic of)": "IR",
    "turkey": "TR",
    "macau": "MO",
    "macao": "MO",
    "china, hong kong special administrative region": "HK",
    "hong kong": "HK",
    "taiwan": "TW",
    "west bank": "PS",
    "gaza": "PS",
    "gaza strip": "PS",
    "palestine": "PS",
    "state of palestine": "PS",
    "palestinian territories": "PS",
    "kosovo": "XK",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "united states": "US",
    "usa": "US",
    "u.s.a": "US",
    "uae": "AE",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "cote d ivoire": "CI",
    "man, isle of": "IM",
    "macedonia, the former yugoslav republic of": "MK",
    "macedonia": "MK",
    "region: crimea": "UA",
    "cape verde": "CV",
    "swaziland": "SZ",
    "east timor": "TL",
    "vatican": "VA",
    "vatican city": "VA",
    "bosnia-herzegovina": "BA",
    "the bahamas": "BS",
    "bahamas, the": "BS",
    "the gambia": "GM",
    "gambia, the": "GM",
    "laos": "LA",
    "syria": "SY",
    "micronesia, federated states of": "FM",
    "netherlands antilles": "CW",
    "curacao": "CW",
    "reunion": "RE",
    "czech republic": "CZ",
    "slovak republic": "SK",
    "kyrgyz republic": "KG",
    "brunei": "BN",
    "moldova": "MD",
    "vietnam": "VN",
    "venezuela": "VE",
    "bolivia": "BO",
    "tanzania": "TZ",
    "st. kitts and nevis": "KN",
    "st kitts and nevis": "KN",
    "st. vincent and the grenadines": "VC",
    "st. lucia": "LC",
}

# Nationality adjectives (EU transcriptions print "Russian", "Iranian" …).
_DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belarussian": "BY",
    "belgian": "BE",
    "bosnian": "BA",
    "british": "GB",
    "bulgarian": "BG",
    "burkinabe": "BF",
    "burmese": "MM",
    "burundian": "BI",
    "cambodian": "KH",
    "cameroonian": "CM",
    "canadian": "CA",
    "chadian": "TD",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "djiboutian": "DJ",
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "finnish": "FI",
    "french": "FR",
    "gabonese": "GA",
    "gambian": "GM",
    "georgian": "GE",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guatemalan": "GT",
    "guinean": "GN",
    "haitian": "HT",
    "honduran": "HN",
    "hungarian": "HU",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "ivorian": "CI",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kazakhstani": "KZ",
    "kenyan": "KE",
    "kosovar": "XK",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "lao": "LA",
    "latvian": "LV",
    "lebanese": "LB",
    "liberian": "LR",
    "libyan": "LY",
    "lithuanian": "LT",
    "malagasy": "MG",
    "malawian": "MW",
    "malaysian": "MY",
    "malian": "ML",
    "maltese": "MT",
    "mauritanian": "MR",
    "mexican": "MX",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "moroccan": "MA",
    "mozambican": "MZ",
    "namibian": "NA",
    "nepalese": "NP",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "nigerien": "NE",
    "north korean": "KP",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "palestinian": "PS",
    "panamanian": "PA",
    "peruvian": "PE",
    "polish": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "saudi arabian": "SA",
    "senegalese": "SN",
    "serbian": "RS",
    "sierra leonean": "SL",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "south african": "ZA",
    "south korean": "KR",
    "south sudanese": "SS",
    "spanish": "ES",
    "sri lankan": "LK",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "tajik": "TJ",
    "tajikistani": "TJ",
    "tanzanian": "TZ",
    "thai": "TH",
    "togolese": "TG",
    "trinidadian": "TT",
    "tunisian": "TN",
    "turkish": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uzbek": "UZ",
    "uzbekistani": "UZ",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "yemeni": "YE",
    "zambian": "ZM",
    "zimbabwean": "ZW",
}


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    return " ".join(text.split()).strip(" .;:")


@cache
def _exact_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table[_norm(value)] = country.alpha_2
    table.update(_ALIASES)
    return table


@cache
def _scanner() -> re.Pattern[str]:
    names = set(_exact_table()) | set(_DEMONYMS)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")


@cache
def _alpha2_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


def to_iso2(value: str | None) -> str | None:
    """Resolve one country value (a name or a two-letter code) exactly; None if unknown."""
    if not value:
        return None
    stripped = value.strip()
    if len(stripped) == 2 and stripped.isalpha() and stripped.isupper():
        return stripped if stripped in _alpha2_codes() else None
    return _exact_table().get(_norm(stripped))


def extract_countries(text: str | None) -> tuple[str, ...]:
    """Every country named in ``text`` (names or demonyms), in order, without repeats."""
    if not text:
        return ()
    exact = to_iso2(text)
    if exact:
        return (exact,)
    norm = _norm(text)
    found: dict[str, None] = {}
    table = _exact_table()
    for match in _scanner().finditer(norm):
        token = match.group(0)
        code = table.get(token) or _DEMONYMS.get(token)
        if code:
            found[code] = None
    return tuple(found)
