"""Performance pages, one module per area: indicators, imports, data quality (and packs)."""
