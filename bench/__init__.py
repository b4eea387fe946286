"""Speed benchmarks over `index/` and `qa/` (see README "Performance")."""
