"""Known cities with coordinates, great-circle distances and a rough travel-time model.

The itinerary checks need to know whether a delegation can get from one event
to the next. Trip files may give a place's latitude and longitude; when they do
not, the place's city (or its name) is looked up in :data:`CITIES`, which knows
the cities of the seeded trips and a few more that Korean-American chambers
travel between.

>>> round(distance_km(city("Seoul").coords, city("Gwangju").coords))
268
>>> city("서울").name
'Seoul'
>>> city("Washington, D.C.").zone
'America/New_York'
>>> str(travel_time(distance_km(city("Seoul").coords, city("Gwangju").coords)))
'3:21:00'
>>> str(travel_time(5))
'0:00:00'
>>> str(travel_time(distance_km(city("Seoul").coords, city("Dallas").coords)))
'17:38:00'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta

from planner.model.trip import Place


@dataclass(frozen=True)
class City:
    """A city the planner can place on a map."""

    name: str
    """English name as the planner shows it."""
    name_ko: str
    lat: float
    lon: float
    zone: str
    """IANA zone of the city."""
    aliases: tuple[str, ...] = ()
    """Other spellings and districts that mean this city for travel purposes."""

    @property
    def coords(self) -> tuple[float, float]:
        return (self.lat, self.lon)

    def display(self) -> str:
        return f"{self.name} ({self.name_ko})" if self.name_ko else self.name


CITIES: tuple[City, ...] = (
    City("Seoul", "서울", 37.5665, 126.9780, "Asia/Seoul", ("Guro-gu", "Guro", "Jung-gu", "구로구")),
    City("Incheon", "인천", 37.4563, 126.7052, "Asia/Seoul", ("Incheon Airport",)),
    City("Pangyo", "판교", 37.3947, 127.1112, "Asia/Seoul", ("Seongnam", "성남", "Pangyo Techno Valley")),
    City("Suwon", "수원", 37.2636, 127.0286, "Asia/Seoul"),
    City("Osong", "오송", 36.6285, 127.3295, "Asia/Seoul", ("Osong complex",)),
    City("Cheongju", "청주", 36.6424, 127.4890, "Asia/Seoul"),
    City("Asan", "아산", 36.7898, 127.0018, "Asia/Seoul", ("Cheonan", "천안")),
    City("Daejeon", "대전", 36.3504, 127.3845, "Asia/Seoul"),
    City("Yeongju", "영주", 36.8057, 128.6240, "Asia/Seoul"),
    City("Daegu", "대구", 35.8714, 128.6014, "Asia/Seoul"),
    City("Gwangju", "광주", 35.1595, 126.8526, "Asia/Seoul"),
    City("Busan", "부산", 35.1796, 129.0756, "Asia/Seoul"),
    City("Jeju", "제주", 33.4996, 126.5312, "Asia/Seoul"),
    City("Richardson", "리처드슨", 32.9483, -96.7299, "America/Chicago", ("리차드슨",)),
    City("Dallas", "달라스", 32.7767, -96.7970, "America/Chicago", ("댈러스", "Dallas-Fort Worth", "DFW")),
    City("Houston", "휴스턴", 29.7604, -95.3698, "America/Chicago"),
    City("Atlanta", "애틀랜타", 33.7490, -84.3880, "America/New_York"),
    City(
        "Washington",
        "워싱턴",
        38.9072,
        -77.0369,
        "America/New_York",
        ("Washington, D.C.", "Washington DC", "Washington D.C.", "워싱턴 D.C."),
    ),
    City("New York", "뉴욕", 40.7128, -74.0060, "America/New_York", ("NYC",)),
    City("Los Angeles", "로스앤젤레스", 34.0522, -118.2437, "America/Los_Angeles", ("LA", "L.A.", "엘에이")),
    City("Orange County", "오렌지카운티", 33.7175, -117.8311, "America/Los_Angeles", ("Irvine",)),
    City("Santa Clara", "산타클라라", 37.3541, -121.9552, "America/Los_Angeles", ("San Jose", "Cupertino")),
    City("Seattle", "시애틀", 47.6062, -122.3321, "America/Los_Angeles"),
)
"""Cities the checks can locate without coordinates in the trip file."""


def _key(text: str) -> str:
    return re.sub(r"[\s.,\-]+", "", text).casefold()


_INDEX: dict[str, City] = {}
for _c in CITIES:
    for _n in (_c.name, _c.name_ko, *_c.aliases):
        _INDEX.setdefault(_key(_n), _c)


def city(name: str) -> City | None:
    """The known city called ``name`` (English, Korean or an alias), or ``None``."""
    if not name:
        return None
    return _INDEX.get(_key(name))


@dataclass(frozen=True)
class Location:
    """Where a place is, as far as the planner can tell."""

    label: str
    """The city (or place) name used in messages."""
    coords: tuple[float, float]
    city: City | None = None


def locate(place: Place | None) -> Location | None:
    """A place's position: its own coordinates if given, else its city's; ``None`` if unknown."""
    if place is None:
        return None
    known = city(place.city) or city(place.name) or city(place.name_ko)
    label = place.city or (known.name if known else place.name)
    if place.lat is not None and place.lon is not None:
        return Location(label, (place.lat, place.lon), known)
    if known is not None:
        return Location(label, known.coords, known)
    return None


EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points, by the haversine formula."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


SAME_AREA_KM = 15.0
"""Closer than this, two places count as one area: no travel finding."""

GROUND_LIMIT_KM = 600.0
"""Up to this distance a delegation goes by road or rail; beyond it, it flies."""

GROUND_OVERHEAD = timedelta(minutes=40)
"""Leaving one venue, parking, stations, finding the next room."""
GROUND_SPEED_KMH = 100.0
"""Effective speed over the great-circle distance (KTX with transfers, or highway)."""

AIR_OVERHEAD = timedelta(hours=3)
"""Getting to the airport, check-in, security, and from the arrival airport."""
AIR_SPEED_KMH = 750.0


def travel_time(km: float) -> timedelta:
    """A deliberately rough door-to-door estimate for ``km`` of great-circle distance.

    Within one area (under :data:`SAME_AREA_KM`) it is zero: the checks leave
    short hops to the people who know the streets.
    """
    if km < SAME_AREA_KM:
        return timedelta(0)
    if km <= GROUND_LIMIT_KM:
        return GROUND_OVERHEAD + _minutes(km / GROUND_SPEED_KMH)
    return AIR_OVERHEAD + _minutes(km / AIR_SPEED_KMH)


def _minutes(hours: float) -> timedelta:
    return timedelta(minutes=math.ceil(hours * 60))
