"""Records of the offices line (司法所建设)."""
