"""Past energy history: carried over from a previous integration or imported from Enedis.

``series`` (unit conversion, re-basing, the junction with our own statistics) and
``enedis`` (the customer area's CSV exports) never import Home Assistant; the
recorder glue (``store``), the services (``services``) and the options step
(``options``) are thin layers over them.
"""
