# Area: text (sources and tests appended here by this area only).
