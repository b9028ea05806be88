/* neardup_flags.c: prints one 0/1 per NUL-separated text of FILE (first N) as
 * pt_neardup_add flags it; compared with the exact oracle by
 * tests/tools/neardup_oracle.py. Not built by CMake (a measuring stick):
 *   cc -O2 -I. tests/tools/neardup_flags.c build/libptaudit_core.a -o /tmp/nd_flags */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit/neardup.h"
int main(int argc,char**argv){ FILE*f=fopen(argv[1],"rb"); long lim=atol(argv[2]); fseek(f,0,SEEK_END); long n=ftell(f); rewind(f);
 char*buf=malloc(n); if(fread(buf,1,n,f)!=(size_t)n) return 1; struct pt_neardup*d; struct pt_error e; if(pt_neardup_create(&d,NULL,&e)) return 1;
 long k=0; for(long i=0;i<n && k<lim;k++){ size_t len=strlen(buf+i); int dup; if(pt_neardup_add(d,buf+i,len,&dup,&e)) return 1; putchar('0'+dup); i+=len+1;} putchar('\n'); return 0;}
