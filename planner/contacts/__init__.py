"""Contact cards for the people a recipient needs: vCard 3.0 (:mod:`.vcard`) and CSV (:mod:`.table`).

An edge like :mod:`planner.ical`: it only reads model objects (the people a
:func:`planner.model.visibility.redact` trip keeps, fields above the reader's
level already blanked) and writes a file format.
"""
