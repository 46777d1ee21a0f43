"""Output formats built from the JSON report document."""
