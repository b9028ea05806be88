# Area: rates — money, dates, the rate engine, schedules, legal lines, `ptaudit apr`.
list(APPEND PT_CORE_SOURCES audit/money.c audit/date.c audit/apr.c audit/schedule.c)
list(APPEND PT_TEST_NAMES money date apr apr_vectors)
