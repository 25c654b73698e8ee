"""The trip cache's pickling (planner.storage.pickling): compact, exact, and nothing but the model."""

from __future__ import annotations

import io
import pickle
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.model.trip import Event, Recurrence, Trip
from planner.model.when import Exact, Span
from planner.storage.pickling import ModelUnpickler, dumps

SEOUL = ZoneInfo("Asia/Seoul")


def _trip() -> Trip:
    event = Event(
        id="e",
        title="E",
        when=Exact(datetime(2021, 10, 19, 10, tzinfo=SEOUL)),
        tz=SEOUL,
        repeat=Recurrence("FREQ=DAILY"),
    )
    return Trip(id="t", title="T", home_tz=SEOUL, dates=Span(date(2021, 10, 18), date(2021, 10, 21)), events=(event,))


def test_the_model_knows_nothing_of_pickling():
    for cls in (Trip, Event, Exact, Recurrence):
        assert "__getstate__" not in cls.__dict__ and "__reduce__" not in cls.__dict__


def test_defaults_are_left_out_and_come_back_the_same():
    trip = _trip()
    blob = dumps(trip)
    assert b"ical_sequence" not in blob and b"counterparts" not in blob and b"local_tz" not in blob
    back = ModelUnpickler(io.BytesIO(blob)).load()
    assert back == trip and hash(back) == hash(trip) and repr(back) == repr(trip)
    assert back.home_tz is SEOUL and "ical_sequence" not in back.events[0].__dict__


def test_anything_else_is_refused():
    blob = pickle.dumps(_trip(), protocol=pickle.HIGHEST_PROTOCOL)  # zones through ZoneInfo._unpickle
    with pytest.raises(pickle.UnpicklingError):
        ModelUnpickler(io.BytesIO(blob)).load()
