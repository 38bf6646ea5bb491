"""One module per picture. Each exposes make(results, out_dir) -> [Picture]."""
