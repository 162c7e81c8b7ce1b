/*
 * table.h - a summary (summary.h) as aligned text for a terminal: the
 * totals per currency against the previous period, the top campaigns, the
 * alerts (spend without conversions, no delivery, stale data, days that do
 * not reconcile), Instagram followers and the last syncs.
 */
#ifndef METASYNC_TABLE_H
#define METASYNC_TABLE_H

#include <stdio.h>

#include <jansson.h>

/*
 * Writes summary (borrowed) to f, campaign names cut to fit width columns;
 * with colour (ANSI bold, red and green) only when color is set.
 */
void table_print(FILE *f, const json_t *summary, int width, int color);

/*
 * A number as the report shows it, into out: money and ratios with two
 * decimals, counts whole, thousands separated by commas; "-" for null.
 */
void table_number(char *out, size_t size, const json_t *v, int decimals);

/* The decimals of a total's numbers (summary.h): 2 for money and ratios, else 0. */
int table_decimals(const json_t *total);

/* A string member of a summary object as the report shows it: "-" when absent. */
const char *table_field(const json_t *j, const char *key);

#endif
