"""Where dumps live: a folder on disk (:mod:`.folder`) or a single-file pack (:mod:`.pack`)."""
