"""The membership extract for the government data centre (issues 9 and 17).

A checked-in policy (``default_policy.toml``) names what leaves the cooperative; the pure core
(:mod:`.members`, :mod:`.anonymise`, :mod:`.aggregate`, :mod:`.build`) turns plain member
records into the extract, generalised to k-anonymity; :mod:`.pseudonym` gets each NIK's
pseudonym from the key holder without showing it the NIK (:mod:`.oprf`) and seals it to the
data centre; :mod:`.source` reads the records from the central projections; :mod:`.cli` and
:mod:`.routes` are the two ways out, and both log every extract (:mod:`.store`). The other
parties' tools live here too, to run on their own machines: :mod:`.keyholder` (the OPRF key
and its service) and :mod:`.datacentre` (its key pair; opening pseudonyms).
"""
