"""Records of the team line (队伍建设与乡村振兴)."""
