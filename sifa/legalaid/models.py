"""Records of the legalaid line (法律援助)."""
