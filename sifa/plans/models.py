"""Records of the plans line (工作计划)."""
