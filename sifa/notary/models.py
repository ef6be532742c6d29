"""Records of the notary line (公证)."""
