"""Records of the normdocs line (规范性文件)."""
