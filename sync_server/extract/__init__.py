"""The membership extract for the government data centre (issue 9).

A checked-in policy (``default_policy.toml``) names what leaves the cooperative; the pure core
(:mod:`.members`, :mod:`.aggregate`, :mod:`.build`) turns plain member records into the
extract; :mod:`.source` reads those records from the central projections; :mod:`.cli` and
:mod:`.routes` are the two ways out, and both log every extract (:mod:`.store`).
"""
