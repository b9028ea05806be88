# Bundled datasets: their checksums and the offers file's own arithmetic.
if(PT_TESTS)
  add_test(NAME datasets_sha256 COMMAND sha256sum --quiet -c SHA256SUMS
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/datasets)
  find_program(PYTHON3 python3)
  if(PYTHON3)
    # Rebuilds each cited offer's schedule and compares it with the published payment.
    add_test(NAME datasets_offers_check
             COMMAND ${PYTHON3} ${PROJECT_SOURCE_DIR}/datasets/tools/make_offers.py --check
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  endif()
endif()
