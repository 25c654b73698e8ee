"""Calendars kept elsewhere: a CalDAV server (``caldav``) and published .ics feeds.

A feature package below the use cases: it talks to servers, splits and joins
calendar objects, and keeps the small state files those need beside the
workspace. It decides nothing about trips (which events go where, what a
conflict means): :mod:`planner.usecases.sync` and
:mod:`planner.usecases.publish` do, for both front ends. No rich, no Textual.
"""
