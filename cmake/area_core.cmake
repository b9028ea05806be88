# Core: errors, allocation, the CLI (main.c is added by the top level).
list(APPEND PT_CORE_SOURCES audit/error.c audit/alloc.c)
list(APPEND PT_CLI_SOURCES audit/cli_common.c audit/cli_apr.c audit/cli_loans.c
     audit/cli_complaints.c audit/cli_report.c audit/cli_verify.c)
list(APPEND PT_TEST_NAMES error alloc)
list(APPEND PT_CORE_SOURCES)
