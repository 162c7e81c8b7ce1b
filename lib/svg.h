/*
 * svg.h - small inline SVG charts, written as text into a buffer, for a
 * page that must load nothing: no scripts, no fonts, no external files.
 * Labels are escaped; sizes are in CSS pixels of the viewBox, so a chart
 * scales with the page.
 */
#ifndef METASYNC_SVG_H
#define METASYNC_SVG_H

#include <stddef.h>

#include "buf.h"

/* Appends s to out escaped for HTML/XML text and attribute values. */
void svg_escape(struct buf *out, const char *s);

/* A line series: its name, colour ("#rrggbb") and n values; NAN marks no value (a gap). */
struct svg_series {
	const char *name, *color;
	const double *values;
};

/*
 * A line chart of nseries series over n points labelled by labels (the
 * first, middle and last label are written under the axis), the y axis
 * from 0 to the largest value, a legend of the series' names.
 */
void svg_lines(struct buf *out, const char *title, const char *const *labels, size_t n,
               const struct svg_series *series, size_t nseries);

/* A horizontal bar chart: one bar per label, its value written after it with decimals. */
void svg_bars(struct buf *out, const char *title, const char *const *labels, const double *values,
              size_t n, int decimals, const char *color);

#endif
