# Area: rates — money, dates, the rate engine, schedules, legal lines, `ptaudit apr`.
list(APPEND PT_CORE_SOURCES audit/money.c audit/date.c audit/apr.c audit/schedule.c
     audit/legal.c)
pt_embed(PT_CORE_SOURCES lpr_1y data/lpr_1y.csv)
list(APPEND PT_CLI_SOURCES audit/cli_apr_flows.c audit/cli_apr_out.c)
list(APPEND PT_TEST_NAMES money date apr apr_vectors schedule legal)
