"""planner: a terminal event-timeline and itinerary planner for business delegations."""

__version__ = "0.1.0"
