"""Records of the litigation line (行政应诉)."""
