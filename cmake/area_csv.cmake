# Area: csv (sources and tests appended here by this area only).
