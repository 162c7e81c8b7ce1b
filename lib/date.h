/*
 * date.h - calendar dates as the Graph API writes them ("YYYY-MM-DD"),
 * held as a day number so ranges can be split and stepped exactly.
 */
#ifndef METASYNC_DATE_H
#define METASYNC_DATE_H

#include <stddef.h>

/* Parses a strict "YYYY-MM-DD" (a real calendar day) into *day; 0 on success. */
int date_parse(const char *s, long *day);
/* Writes day as "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(long day, char *out, size_t size);

#endif
