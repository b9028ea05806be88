# Area: text (sources and tests appended here by this area only).
# names: company-name keys and the name registry; taxonomy: categories,
# CFPB/PBOC crosswalks, product renames, keyword classifier; neardup:
# templated-narrative share; terms: loan terms quoted in complaint text.
# Rules: docs/taxonomy.md; data sources: data/README.md.
list(APPEND PT_CORE_SOURCES audit/names.c audit/names_key.c audit/taxonomy.c audit/taxonomy_data.c audit/memo.c
     audit/neardup.c audit/terms.c)
# neardup hashes shingles with XXH3, header-only (XXH_INLINE_ALL): no library to link.
pt_require_header(XXHASH_INCLUDE_DIR xxhash.h libxxhash-dev)
include_directories(${XXHASH_INCLUDE_DIR})
pt_embed(PT_CORE_SOURCES cfpb_issue_crosswalk data/cfpb_issue_crosswalk.csv)
pt_embed(PT_CORE_SOURCES pboc_complaint_reasons data/pboc_complaint_reasons.csv)
pt_embed(PT_CORE_SOURCES cfpb_product_renames data/cfpb_product_renames.csv)
pt_embed(PT_CORE_SOURCES complaint_keywords data/complaint_keywords.csv)
list(APPEND PT_TEST_NAMES names taxonomy neardup terms)
