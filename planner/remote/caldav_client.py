"""The CalDAV requests a sync makes, over the ``caldav`` library, with every failure as one :class:`RemoteError`.

The library finds the principal and its calendars and creates a calendar;
the object requests (PROPFIND for ETags, calendar-multiget, PUT with
``If-Match``/``If-None-Match``, DELETE with ``If-Match``) go through its
``request`` so that the status and the new ETag are seen as they are: a
conditional write that fails is a 412 the sync must report, never retried
blindly. ``caldav`` is imported when a connection is made, so the CLI pays
nothing for it otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.etree import ElementTree

Kind = Literal["auth", "not-found", "precondition", "timeout", "network", "server", "not-installed"]

INSTALL_HINT = (
    "planner sync needs the caldav library, an optional part of the planner: "
    "pip install 'planner[sync]' (in a checkout: .venv/bin/pip install -e '.[sync]')"
)
"""Why caldav is optional: it brings niquests and urllib3-future, whose start-up hook (a .pth file)
runs at every Python start, synced or not: it rewrites the environment's urllib3 and costs a bare
start about 12 ms."""

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
CS = "{http://calendarserver.org/ns/}"

DEFAULT_TIMEOUT = 30.0
"""Seconds a request may take before the sync gives up on it (``--timeout``)."""


class RemoteError(Exception):
    """A request failed: ``kind`` says how, the message says it in one line for a person."""

    def __init__(self, kind: Kind, message: str):
        super().__init__(message)
        self.kind = kind


def _explain(exc: BaseException, what: str) -> RemoteError:
    """The one-line reason for a failure raised by caldav or the HTTP library under it."""
    names = {c.__name__ for c in type(exc).__mro__}
    if isinstance(exc, RemoteError):
        return exc
    if "AuthorizationError" in names:
        return RemoteError("auth", f"{what}: the server refused the user name or password (401/403)")
    if "NotFoundError" in names:
        return RemoteError("not-found", f"{what}: not found on the server (404); check --url")
    if isinstance(exc, TimeoutError) or any("Timeout" in n for n in names):
        return RemoteError("timeout", f"{what}: the server did not answer in time (timed out)")
    if isinstance(exc, OSError) or "ConnectionError" in names:
        return RemoteError("network", f"{what}: cannot reach the server ({type(exc).__name__})")
    return RemoteError("server", f"{what}: {type(exc).__name__}: {str(exc)[:200]}")


def _status(status: int, what: str) -> RemoteError:
    if status in (401, 403):
        return RemoteError("auth", f"{what}: the server refused the user name or password ({status})")
    if status == 404:
        return RemoteError("not-found", f"{what}: not found on the server (404)")
    if status == 412:
        return RemoteError(
            "precondition", f"{what}: precondition failed (412): it changed on the server meanwhile; sync again"
        )
    return RemoteError("server", f"{what}: the server answered {status}")


@dataclass(frozen=True)
class Listing:
    """The calendar as the server lists it: each resource's ETag, and the collection's tags."""

    etags: dict[str, str]
    """Resource path (as the server writes it, e.g. ``/user/cal/x.ics``) -> ETag."""
    ctag: str | None
    sync_token: str | None


def resource_name(uid: str) -> str:
    """The file name a new resource for ``uid`` gets: the UID with unusual characters as ``_``, ``.ics``.

    >>> resource_name("korea-2021.welcome@planner")
    'korea-2021.welcome@planner.ics'
    >>> resource_name("a/b c")
    'a_b_c.ics'
    """
    return re.sub(r"[^A-Za-z0-9._@-]", "_", uid) + ".ics"


class Connection:
    """One logged-in client of one server (``caldav.DAVClient``), and the calls a sync needs."""

    def __init__(self, url: str, user: str | None, password: str | None, timeout: float = DEFAULT_TIMEOUT):
        try:
            from caldav.davclient import DAVClient
        except ImportError:
            raise RemoteError("not-installed", INSTALL_HINT) from None

        self.url = url
        try:
            self.client: Any = DAVClient(
                url=url, username=user, password=password, timeout=int(max(1, timeout)), enable_rfc6764=False
            )
        except Exception as exc:
            raise _explain(exc, url) from None

    def close(self) -> None:
        self.client.close()

    def _path(self, href: str) -> str:
        """A URL or path as this module keeps it: the path alone, percent-decoded."""
        return unquote(urlsplit(href).path)

    def _full(self, href: str) -> str:
        return urljoin(str(self.client.url), quote(href, safe="/"))

    def request(self, method: str, href: str, body: str = "", headers: dict[str, str] | None = None) -> Any:
        try:
            return self.client.request(self._full(href), method, body, headers or {})
        except Exception as exc:
            raise _explain(exc, f"{method} {self._path(href)}") from None

    def find_calendar(self, name: str) -> str | None:
        """The path of the calendar whose display name or last path segment is ``name``, if any."""
        try:
            principal = self.client.principal()
            calendars = principal.calendars()
        except Exception as exc:
            raise _explain(exc, self.url) from None
        for cal in calendars:
            path = self._path(str(cal.url))
            segment = unquote(path.rstrip("/").rsplit("/", 1)[-1])
            try:
                shown = cal.get_display_name()
            except Exception:
                shown = None
            if name in (shown, segment):
                return path
        return None

    def make_calendar(self, name: str) -> str:
        """Create a calendar for events and to-dos named ``name``; returns its path."""
        cal_id = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "planner"
        try:
            cal = self.client.principal().make_calendar(
                name=name, cal_id=cal_id, supported_calendar_component_set=["VEVENT", "VTODO"]
            )
        except Exception as exc:
            raise _explain(exc, f"creating the calendar {name!r}") from None
        return self._path(str(cal.url))

    def listing(self, calendar: str) -> Listing:
        """Every resource of the calendar with its ETag (PROPFIND, depth 1), and the ctag and sync-token."""
        etags: dict[str, str] = {}
        ctag = token = None
        found = self._propfind(calendar, "<d:getetag/><cs:getctag/><d:sync-token/><d:resourcetype/>", "1", "listing")
        for href, props in found:
            if href.rstrip("/") == calendar.rstrip("/"):
                ctag = props.get(CS + "getctag") or None
                token = props.get(DAV + "sync-token") or None
            elif props.get(DAV + "getetag"):
                etags[href] = props[DAV + "getetag"]
        return Listing(etags, ctag, token)

    def tags(self, calendar: str) -> tuple[str | None, str | None]:
        """The calendar's ctag and sync-token alone (PROPFIND, depth 0): cheap "anything new?"."""
        for _href, props in self._propfind(calendar, "<cs:getctag/><d:sync-token/>", "0", "reading"):
            return props.get(CS + "getctag") or None, props.get(DAV + "sync-token") or None
        return None, None

    def _propfind(self, calendar: str, props: str, depth: str, doing: str) -> list[tuple[str, dict[str, str]]]:
        """A PROPFIND of ``props`` (DAV and CalendarServer elements) at ``depth``: (href, properties) per response."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
            f"<d:prop>{props}</d:prop></d:propfind>"
        )
        resp = self.request("PROPFIND", calendar, body, {"Depth": depth, "Content-Type": "application/xml"})
        if resp.status != 207:
            raise _status(resp.status, f"{doing} {calendar}")
        return _responses(resp.raw)

    def fetch(self, calendar: str, hrefs: Iterable[str]) -> dict[str, tuple[str, bytes]]:
        """Resource path -> (ETag, bytes) for ``hrefs``, in one calendar-multiget REPORT."""
        wanted = list(hrefs)
        if not wanted:
            return {}
        from xml.sax.saxutils import escape

        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
            "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
            + "".join(f"<d:href>{escape(quote(h, safe='/'))}</d:href>" for h in wanted)
            + "</c:calendar-multiget>"
        )
        resp = self.request("REPORT", calendar, body, {"Depth": "1", "Content-Type": "application/xml"})
        if resp.status != 207:
            raise _status(resp.status, f"reading events of {calendar}")
        out: dict[str, tuple[str, bytes]] = {}
        for href, props in _responses(resp.raw):
            data = props.get(CALDAV + "calendar-data")
            if data:
                out[href] = (props.get(DAV + "getetag", ""), data.encode("utf-8"))
        return out

    def put(self, href: str, data: bytes, *, etag: str | None) -> str | None:
        """Write a resource: only if its ETag is still ``etag``, or only if it is new (``etag=None``).

        Returns the new ETag when the server gives one.
        """
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        resp = self.request("PUT", href, data.decode("utf-8"), headers)
        if resp.status not in (200, 201, 204):
            raise _status(resp.status, f"writing {href}")
        got = resp.headers.get("ETag")
        return str(got) if got else None

    def delete(self, href: str, *, etag: str | None) -> None:
        """Delete a resource, only if its ETag is still ``etag``; one already gone counts as deleted."""
        resp = self.request("DELETE", href, "", {"If-Match": etag} if etag else {})
        if resp.status == 404:
            return
        if resp.status not in (200, 204):
            raise _status(resp.status, f"deleting {href}")


def _responses(raw: str | bytes) -> list[tuple[str, dict[str, str]]]:
    """(path, {property: text}) for each ``response`` of a multistatus, from its successful propstats."""
    try:
        root = ElementTree.fromstring(raw.encode("utf-8") if isinstance(raw, str) else raw)
    except ElementTree.ParseError:
        raise RemoteError("server", "the server's answer is not readable XML") from None
    out = []
    for response in root.iter(DAV + "response"):
        href_el = response.find(DAV + "href")
        if href_el is None or not href_el.text:
            continue
        props: dict[str, str] = {}
        for propstat in response.iter(DAV + "propstat"):
            status = propstat.findtext(DAV + "status") or ""
            if " 200 " not in status + " ":
                continue
            prop = propstat.find(DAV + "prop")
            for el in prop if prop is not None else ():
                props[el.tag] = (el.text or "").strip() if el.tag != CALDAV + "calendar-data" else (el.text or "")
        out.append((unquote(urlsplit(href_el.text.strip()).path), props))
    return out
