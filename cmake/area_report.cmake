# Area: report (sources and tests appended here by this area only).
list(APPEND PT_CORE_SOURCES audit/table.c audit/table_escape.c audit/hash.c audit/manifest.c
     audit/outdir.c audit/gnuplot.c audit/period.c audit/suppress.c audit/report.c
     audit/report_table.c audit/report_md.c audit/report_json.c audit/report_example.c audit/report_plots.c audit/report_scope.c
     audit/report_loans.c audit/report_loans_out.c
     audit/report_complaints.c audit/report_complaints_out.c
     audit/report_read.c audit/report_joint.c audit/report_render.c
     audit/verify.c)
list(APPEND PT_TEST_NAMES table hash manifest outdir gnuplot period suppress report report_render)
