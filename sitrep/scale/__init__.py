"""`sitrep scale`: the extraction pipeline over large JSON Lines corpora on Ray Data (optional extra `scale`)."""
