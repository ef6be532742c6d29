"""Records of the mediation line (人民调解)."""
