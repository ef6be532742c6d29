"""Records of the reconsideration line (行政复议)."""
