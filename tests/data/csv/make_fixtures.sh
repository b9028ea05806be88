#!/bin/sh
# Regenerates the CSV reader fixtures byte for byte (printf, so CR, NUL and
# invalid bytes are explicit). Run from this folder: sh make_fixtures.sh
# The GB18030 fixture is converted from its UTF-8 source with iconv (glibc):
#   iconv -f UTF-8 -t GB18030 gb18030_src.utf8 > gb18030.csv
set -eu
printf 'id,name,note\n1,plain,x\n2,"a, with comma","say ""hi"""\n3,,""\n4,"""quoted""",end\n' > quotes.csv
printf 'id,text\n1,"line one\nline two"\n2,"crlf\r\ninside"\n3,"cr\rinside"\n4,after\n' > multiline.csv
printf 'id,v\r\n1,a\r\n\r\n2,"b\r\nc"\r\n3,d\r\n' > crlf.csv
printf 'id,v\r1,a\r\r2,b\r' > bare_cr.csv
printf '\357\273\277id,name\n1,\344\277\241\n' > bom.csv
printf 'id,v\n' > header_only.csv
printf 'id,v' > header_only_nonl.csv
: > empty.csv
printf '\n\n' > blank_only.csv
printf 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n' > ragged.csv
printf 'a,b\n1,x\000y\n2,ok\n' > nul.csv
printf 'a,b\n1,2\n3,4' > no_final_newline.csv
printf 'a,b\n1,2\n3,"open\nnever closed\n' > truncated_quote.csv
printf 'a,b\n1,ok\n2,bad\377byte\n3,\303\251\n' > invalid_utf8.csv
printf 'a,b\n1,5" screen\n2,ok\n3,"x"y\n4,"multi\nline"junk\n5,fine\n' > malformed.csv
printf 'a,b\n  1 , two  \n   \n"  q  ",\t\n' > spaces.csv
printf '\n\na,b\n\n1,2\n\n\n3,4\n\n' > blank_lines.csv
printf 'Date,Company,Date, Issue \nd1,c1,d2,i1\n' > dup_header.csv
printf 'a,b\n"x" ,1\n' > space_after_quote.csv
iconv -f UTF-8 -t GB18030 gb18030_src.utf8 > gb18030.csv
printf 'id,name\n1,ok\n2,\377bad\n3,\320\305\n4,\320\305,x\n' > gb18030_bad.csv
printf 'a,b\r1,x\r"q"z\n\n2,y\n' > mixed_endings.csv
printf '\357\273\277' > bom_only.csv
