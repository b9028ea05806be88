# Area: complaints (sources and tests appended here by this area only).
# The complaint model and statistics need date.c (rates) and names.c (text);
# the loaders need csv_reader.c (csv); the table output needs table.c
# (report). Each part is registered once its dependencies are in the tree,
# so the build stays green while the areas land one by one.
set(_pt_c ${PROJECT_SOURCE_DIR}/audit)
list(APPEND PT_CORE_SOURCES audit/complaint.c)
if(EXISTS ${_pt_c}/date.c AND EXISTS ${_pt_c}/names.c)
  list(APPEND PT_CORE_SOURCES audit/stats_complaints.c audit/stats_derive.c)
  list(APPEND PT_TEST_NAMES stats_complaints)
  if(EXISTS ${_pt_c}/table.c)
    list(APPEND PT_CORE_SOURCES audit/stats_complaints_out.c)
  endif()
endif()
