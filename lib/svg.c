/* svg.c - inline SVG charts; see svg.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"

#define W 720.0       /* viewBox width */
#define H 240.0       /* line charts' viewBox height */
#define LEFT 64.0     /* room for the y labels */
#define RIGHT 16.0
#define TOP 28.0
#define BOTTOM 40.0   /* x labels and the legend */

void
svg_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default: buf_append(out, s, 1);
		}
	}
}

/* A "nice" top of the axis at or above max: 1, 2 or 5 times a power of ten. */
static double
axis_top(double max)
{
	double p, f;

	if (!(max > 0))
		return 1;
	p = pow(10, floor(log10(max)));
	f = max / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void
title_text(struct buf *out, const char *title)
{
	buf_puts(out, "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">");
	svg_escape(out, title);
	buf_puts(out, "</text>\n");
}

void
svg_lines(struct buf *out, const char *title, const char *const *labels, size_t n,
          const struct svg_series *series, size_t nseries)
{
	double max = 0, top, pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
	size_t s, i, k;

	for (s = 0; s < nseries; s++)
		for (i = 0; i < n; i++)
			if (!isnan(series[s].values[i]) && series[s].values[i] > max)
				max = series[s].values[i];
	top = axis_top(max);
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	           "aria-label=\"", W, H);
	svg_escape(out, title);
	buf_puts(out, "\">\n");
	title_text(out, title);
	for (k = 0; k <= 4; k++) {
		double y = TOP + ph - ph * (double)k / 4;

		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
		           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">%.*f</text>\n",
		           LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, fmod(top, 4) != 0 ? 2 : 0, top * (double)k / 4);
	}
	for (k = 0; n && k < 3; k++) {
		size_t at = k == 0 ? 0 : k == 1 ? (n - 1) / 2 : n - 1;
		double x = LEFT + (n > 1 ? pw * (double)at / (double)(n - 1) : pw / 2);

		if (k && at == 0)
			continue;
		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\" fill=\"#555\">",
		           x, TOP + ph + 16, k == 0 ? "start" : k == 1 ? "middle" : "end");
		svg_escape(out, labels[at]);
		buf_puts(out, "</text>\n");
	}
	for (s = 0; s < nseries; s++) {
		int pen = 0;

		buf_printf(out, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"", series[s].color);
		for (i = 0; i < n; i++) {
			double v = series[s].values[i];

			if (isnan(v)) {
				pen = 0;
				continue;
			}
			buf_printf(out, "%s%.1f %.1f ", pen ? "L" : "M",
			           LEFT + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2),
			           TOP + ph - ph * v / top);
			pen = 1;
		}
		buf_puts(out, "\"/>\n");
		buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"4\" fill=\"%s\"/>"
		           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#222\">",
		           LEFT + 140.0 * (double)s, H - 10, series[s].color, LEFT + 140.0 * (double)s + 16, H - 5);
		svg_escape(out, series[s].name);
		buf_puts(out, "</text>\n");
	}
	buf_puts(out, "</svg>\n");
}

void
svg_bars(struct buf *out, const char *title, const char *const *labels, const double *values,
         size_t n, int decimals, const char *color)
{
	double max = 0, bar = 22, label_w = 260, pw = W - label_w - 90, h = TOP + bar * (double)n + 12;
	size_t i;

	for (i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	           "aria-label=\"", W, h);
	svg_escape(out, title);
	buf_puts(out, "\">\n");
	title_text(out, title);
	for (i = 0; i < n; i++) {
		double y = TOP + bar * (double)i, w = max > 0 ? pw * values[i] / max : 0;

		buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" fill=\"#222\">",
		           label_w - 8, y + 15);
		svg_escape(out, labels[i]);
		buf_printf(out, "</text><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
		           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#222\">%.*f</text>\n",
		           label_w, y + 3, w > 0 && w < 1 ? 1 : w, bar - 6, color, label_w + w + 6, y + 15,
		           decimals, values[i]);
	}
	buf_puts(out, "</svg>\n");
}
