# Area: complaints (sources and tests appended here by this area only).
# Model, statistics and table output (need date, names, taxonomy, table).
list(APPEND PT_CORE_SOURCES audit/complaint.c audit/stats_complaints.c audit/stats_derive.c
     audit/stats_complaints_out.c)
list(APPEND PT_TEST_NAMES stats_complaints)
# The loaders, the aliases reader and the CLI read through csv_reader.c
# (csv area): they are built once it is in the tree, so the build stays
# green while the areas land; until then `ptaudit complaints` exits 69.
if(EXISTS ${PROJECT_SOURCE_DIR}/audit/csv_reader.c)
  list(APPEND PT_CORE_SOURCES audit/load_complaints.c audit/load_cfpb.c audit/load_board.c
       audit/load_mapped_complaints.c audit/aliases.c)
  list(APPEND PT_TEST_NAMES load_complaints)
  set_source_files_properties(audit/cli_complaints.c PROPERTIES
    COMPILE_DEFINITIONS PT_HAVE_COMPLAINT_LOADERS=1)
endif()
