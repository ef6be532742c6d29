"""Records of the correction line (社区矫正)."""
