"""Closure-impact simulator (`vigie impact`, `/api/v1/impact`).

A site (commune or EPCI, NAF sub-class, jobs lost, optional date), or several from a CSV scenario,
gives: the direct jobs lost and their share of the employment of each territory holding the site
(read from the indicator marts), the indirect and induced local jobs under cited multipliers
(``parametres/multiplicateurs.toml``), the effect on the zone d'emploi's unemployment rate, the
sector's weight and the establishments left, and the largest past industrial losses of territories
of similar size. Every figure carries the assumption and the numbered source it rests on.
"""
