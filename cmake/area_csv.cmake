# Area: csv (sources and tests appended here by this area only).
# Escapers for untrusted text (CSV formula-safe cells, Markdown, gnuplot).
list(APPEND PT_CORE_SOURCES audit/escape.c)
list(APPEND PT_TEST_NAMES escape)
# Strict UTF-8 validation (encoding detection, record checks, rejects).
list(APPEND PT_CORE_SOURCES audit/utf8.c)
list(APPEND PT_TEST_NAMES utf8)
# Quarantine: rejected rows (escaped CSV) and per-input accounting.
list(APPEND PT_CORE_SOURCES audit/quarantine.c)
list(APPEND PT_TEST_NAMES quarantine)
# The streaming CSV reader over libcsv (positions, encodings, quarantine).
list(APPEND PT_CORE_SOURCES audit/csv_reader.c audit/csv_reader_api.c audit/csv_decode.c
  audit/csv_reader_fast.c)
list(APPEND PT_TEST_NAMES csv_reader)
# --map files: canonical field -> source column, resolved against a header.
list(APPEND PT_CORE_SOURCES audit/colmap.c)
list(APPEND PT_TEST_NAMES colmap)
# The reader against Python's csv module (fixtures, shared datasets, random).
list(APPEND PT_TEST_NAMES csv_oracle)
