"""The benchmark behind ``make bench``: corpus builder, measurements and the report."""
