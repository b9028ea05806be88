/* ptaudit.h: the umbrella public header of the library. main.c and cli_*.c
 * include only this. Ownership and error rules are stated once in
 * error.h (codes + struct pt_error) and alloc.h (who allocates). */
#ifndef PTAUDIT_PTAUDIT_H
#define PTAUDIT_PTAUDIT_H

#include "audit/alloc.h"
#include "audit/error.h"

#ifndef PT_VERSION
#define PT_VERSION "0.0.0"
#endif

#endif
