# Script half of pt_embed (cmake/embed.cmake): IN -> OUT as a C byte array.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* Generated from ${IN} by cmake/embed_run.cmake. Do not edit. */\n#include <stddef.h>\nconst unsigned char pt_embed_${NAME}[] = {\n${body}0x00};\nconst size_t pt_embed_${NAME}_len = ${len};\n")
