"""Records of the legalservice line (公共法律服务)."""
