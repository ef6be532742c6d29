"""Records of the enforcement line (行政执法监督)."""
