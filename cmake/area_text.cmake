# Area: text (sources and tests appended here by this area only).
# names: company-name keys and the name registry (docs/taxonomy.md).
list(APPEND PT_CORE_SOURCES audit/names.c)
list(APPEND PT_TEST_NAMES names)
