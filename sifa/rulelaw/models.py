"""Records of the rulelaw line (法治建设与普法)."""
