# Area: csv (sources and tests appended here by this area only).
# Escapers for untrusted text (CSV formula-safe cells, Markdown, gnuplot).
list(APPEND PT_CORE_SOURCES audit/escape.c)
list(APPEND PT_TEST_NAMES escape)
