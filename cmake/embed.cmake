# pt_embed(VAR NAME FILE): turns a data file of the project (crosswalks,
# rename tables, the LPR history) into a C array at build time, so the data
# stays a reviewable CSV with its source while the binary needs no data path.
# Generates ${CMAKE_BINARY_DIR}/embed/NAME.c defining
#   const unsigned char pt_embed_NAME[]; const size_t pt_embed_NAME_len;
# and appends it to the list VAR. Declare them in C as
#   extern const unsigned char pt_embed_NAME[]; extern const size_t pt_embed_NAME_len;
function(pt_embed var name file)
  set(out ${CMAKE_BINARY_DIR}/embed/${name}.c)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${PROJECT_SOURCE_DIR}/${file} -DOUT=${out} -DNAME=${name}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${PROJECT_SOURCE_DIR}/${file} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${file}")
  set(${var} ${${var}} ${out} PARENT_SCOPE)
endfunction()
