# Area: complaints (sources and tests appended here by this area only).
