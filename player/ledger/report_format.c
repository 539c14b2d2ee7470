/* report_write(): the four renderings of a report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger/report.h"
#include "base/util.h"

#define N_FIGURES 7

static const char *const figure_names[N_FIGURES] = {
    "plays", "complete", "partial", "errors", "interrupted", "seconds", "impressions"};

/* The figures of a row as text: counts, seconds with one decimal, and
 * impressions with one decimal or "" when no play had a figure. */
static void figures_of(const struct report_row *r, char out[N_FIGURES][32])
{
    snprintf(out[0], 32, "%lld", (long long)r->plays);
    snprintf(out[1], 32, "%lld", (long long)r->complete);
    snprintf(out[2], 32, "%lld", (long long)r->partial);
    snprintf(out[3], 32, "%lld", (long long)r->errors);
    snprintf(out[4], 32, "%lld", (long long)r->interrupted);
    snprintf(out[5], 32, "%.1f", r->shown_ms / 1000.0);
    if (r->n_impressions)
        snprintf(out[6], 32, "%.1f", r->impressions);
    else
        out[6][0] = '\0';
}

static const char *field_of(const struct report_row *r, enum report_field f)
{
    return r->fields[f] ? r->fields[f] : "";
}

/* "from 2026-11-01 to 2026-11-30", "all dates", ... */
static void period_of(const struct report_opts *o, char *buf, size_t n)
{
    if (o->from_date && o->to_date)
        snprintf(buf, n, "%s to %s", o->from_date, o->to_date);
    else if (o->from_date)
        snprintf(buf, n, "from %s", o->from_date);
    else if (o->to_date)
        snprintf(buf, n, "up to %s", o->to_date);
    else
        snprintf(buf, n, "all dates");
}

/* ---- table ---- */

/* Copies text to fp without the spaces that padding leaves at line ends. */
static void put_trimmed(FILE *fp, const char *text)
{
    while (*text) {
        size_t n = strcspn(text, "\n");
        size_t keep = n;
        while (keep > 0 && text[keep - 1] == ' ')
            keep--;
        fwrite(text, 1, keep, fp);
        if (text[n] == '\n')
            fputc('\n', fp);
        text += n + (text[n] == '\n');
    }
}

static int write_table(const struct report *r, const struct report_opts *o, FILE *out)
{
    char *text = NULL;
    size_t text_len = 0;
    FILE *fp = open_memstream(&text, &text_len);
    if (!fp)
        return -1;
    int n_cols = o->n_by + N_FIGURES;
    int *width = xcalloc((size_t)n_cols, sizeof(int));
    char fig[N_FIGURES][32];
    for (int c = 0; c < o->n_by; c++)
        width[c] = (int)strlen(report_field_name(o->by[c]));
    width[0] = width[0] < 5 ? 5 : width[0]; /* "total" */
    for (int c = 0; c < N_FIGURES; c++)
        width[o->n_by + c] = (int)strlen(figure_names[c]);
    for (int i = 0; i <= r->groups.n_rows; i++) {
        const struct report_row *row = i < r->groups.n_rows ? &r->groups.rows[i] : &r->total;
        for (int c = 0; c < o->n_by && i < r->groups.n_rows; c++) {
            int w = (int)strlen(field_of(row, o->by[c]));
            width[c] = w > width[c] ? w : width[c];
        }
        figures_of(row, fig);
        for (int c = 0; c < N_FIGURES; c++) {
            int w = (int)strlen(fig[c]);
            width[o->n_by + c] = w > width[o->n_by + c] ? w : width[o->n_by + c];
        }
    }
    char period[96];
    period_of(o, period, sizeof(period));
    fprintf(fp, "Proof of play: %s%s%s, dates in %s, %d ledger%s\n", period,
            o->kind ? ", kind " : "", o->kind ? o->kind : "", o->timezone, o->n_dbs,
            o->n_dbs == 1 ? "" : "s");
    int total_w = 0;
    for (int c = 0; c < n_cols; c++) {
        fprintf(fp,
                c < o->n_by      ? "%-*s  "
                : c + 1 < n_cols ? "%*s  "
                                 : "%*s",
                width[c], c < o->n_by ? report_field_name(o->by[c]) : figure_names[c - o->n_by]);
        total_w += width[c] + 2;
    }
    fputc('\n', fp);
    for (int i = 0; i <= r->groups.n_rows; i++) {
        bool total = i == r->groups.n_rows;
        const struct report_row *row = total ? &r->total : &r->groups.rows[i];
        if (total) {
            for (int k = 0; k < total_w - 2; k++)
                fputc('-', fp);
            fputc('\n', fp);
        }
        for (int c = 0; c < o->n_by; c++)
            fprintf(fp, "%-*s  ", width[c],
                    total ? (c == 0 ? "total" : "") : field_of(row, o->by[c]));
        figures_of(row, fig);
        for (int c = 0; c < N_FIGURES; c++)
            fprintf(fp, c + 1 < N_FIGURES ? "%*s  " : "%*s", width[o->n_by + c], fig[c]);
        fputc('\n', fp);
    }
    free(width);
    fclose(fp);
    put_trimmed(out, text);
    free(text);
    return 0;
}

/* ---- csv (RFC 4180) ---- */

static void csv_field(FILE *fp, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
    fputs(last ? "\r\n" : ",", fp);
}

static int write_csv(const struct report *r, const struct report_opts *o, FILE *fp)
{
    char fig[N_FIGURES][32];
    for (int c = 0; c < o->n_by; c++) {
        if (o->by[c] == FIELD_DAY || o->by[c] == FIELD_HOUR) {
            char *h = xasprintf("%s (%s)", report_field_name(o->by[c]), o->timezone);
            csv_field(fp, h, false);
            free(h);
        } else {
            csv_field(fp, report_field_name(o->by[c]), false);
        }
    }
    for (int c = 0; c < N_FIGURES; c++)
        csv_field(fp, figure_names[c], c + 1 == N_FIGURES);
    for (int i = 0; i <= r->groups.n_rows; i++) {
        bool total = i == r->groups.n_rows;
        const struct report_row *row = total ? &r->total : &r->groups.rows[i];
        for (int c = 0; c < o->n_by; c++)
            csv_field(fp, total ? (c == 0 ? "total" : "") : field_of(row, o->by[c]), false);
        figures_of(row, fig);
        for (int c = 0; c < N_FIGURES; c++)
            csv_field(fp, fig[c], c + 1 == N_FIGURES);
    }
    return 0;
}

/* ---- json ---- */

static void json_figures(FILE *fp, const struct report_row *row)
{
    fprintf(fp,
            "\"plays\": %lld, \"complete\": %lld, \"partial\": %lld, \"errors\": %lld, "
            "\"interrupted\": %lld, \"seconds\": %.3f, \"impressions\": ",
            (long long)row->plays, (long long)row->complete, (long long)row->partial,
            (long long)row->errors, (long long)row->interrupted, row->shown_ms / 1000.0);
    if (row->n_impressions)
        fprintf(fp, "%.3f", row->impressions);
    else
        fputs("null", fp);
}

static int write_json(const struct report *r, const struct report_opts *o, FILE *fp)
{
    fputs("{\n  \"timezone\": ", fp);
    json_put_string(fp, o->timezone);
    fputs(",\n  \"from\": ", fp);
    o->from_date ? json_put_string(fp, o->from_date) : (void)fputs("null", fp);
    fputs(",\n  \"to\": ", fp);
    o->to_date ? json_put_string(fp, o->to_date) : (void)fputs("null", fp);
    fputs(",\n  \"kind\": ", fp);
    o->kind ? json_put_string(fp, o->kind) : (void)fputs("null", fp);
    fprintf(fp, ",\n  \"ledgers\": %d,\n  \"by\": [", o->n_dbs);
    for (int c = 0; c < o->n_by; c++)
        fprintf(fp, "%s\"%s\"", c ? ", " : "", report_field_name(o->by[c]));
    fputs("],\n  \"rows\": [", fp);
    for (int i = 0; i < r->groups.n_rows; i++) {
        const struct report_row *row = &r->groups.rows[i];
        fputs(i ? ",\n    {" : "\n    {", fp);
        for (int c = 0; c < o->n_by; c++) {
            fprintf(fp, "\"%s\": ", report_field_name(o->by[c]));
            json_put_string(fp, field_of(row, o->by[c]));
            fputs(", ", fp);
        }
        json_figures(fp, row);
        fputc('}', fp);
    }
    fputs(r->groups.n_rows ? "\n  ],\n  \"total\": {" : "],\n  \"total\": {", fp);
    json_figures(fp, &r->total);
    fputs("}\n}\n", fp);
    return 0;
}

/* ---- html: one file, inline CSS and SVG, no script ---- */

void report_html_text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '&':
            fputs("&amp;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        default:
            fputc(*s, fp);
        }
    }
}

/* A horizontal bar chart of impressions (complete plays when no play has an
 * impressions figure) per value of field. */
static void html_chart(FILE *fp, const char *title, const struct report_table *t,
                       enum report_field field, bool impressions)
{
    const int bar_h = 18, gap = 4, label_w = 180, plot_w = 420, value_w = 110;
    double max = 0;
    for (int i = 0; i < t->n_rows; i++) {
        double v = impressions ? t->rows[i].impressions : (double)t->rows[i].complete;
        max = v > max ? v : max;
    }
    int height = t->n_rows * (bar_h + gap) + gap;
    fprintf(fp, "<h2>");
    report_html_text(fp, title);
    fprintf(fp,
            "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n",
            label_w + plot_w + value_w, height > 0 ? height : 1);
    for (int i = 0; i < t->n_rows; i++) {
        const struct report_row *row = &t->rows[i];
        double v = impressions ? row->impressions : (double)row->complete;
        int y = gap + i * (bar_h + gap);
        int w = max > 0 ? (int)lround(v / max * plot_w) : 0;
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 6, y + bar_h - 5);
        report_html_text(fp, field_of(row, field));
        fprintf(fp,
                "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#0b3d91\"/>"
                "<text x=\"%d\" y=\"%d\">%.0f</text>\n",
                label_w, y, w, bar_h, label_w + w + 6, y + bar_h - 5, v);
    }
    fputs("</svg>\n", fp);
}

static int write_html(const struct report *r, const struct report_opts *o, FILE *fp)
{
    char period[96], fig[N_FIGURES][32], made[64];
    period_of(o, period, sizeof(period));
    if (o->tz)
        tz_format_iso(o->tz, (int64_t)time(NULL), made, sizeof(made));
    else
        snprintf(made, sizeof(made), "now");
    bool impressions = r->total.n_impressions > 0;

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>Proof of play</title>\n<style>\n"
          "body{font-family:sans-serif;margin:2em;color:#111}\n"
          "table{border-collapse:collapse;margin:1em 0}\n"
          "th,td{border:1px solid #ccc;padding:.25em .6em}\n"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
          "tr.total td{font-weight:bold;border-top:2px solid #333}\n"
          "</style>\n</head>\n<body>\n<h1>Proof of play</h1>\n<p>",
          fp);
    fputs("Period: ", fp);
    report_html_text(fp, period);
    if (o->kind) {
        fputs(", kind ", fp);
        report_html_text(fp, o->kind);
    }
    fputs(". Dates and hours are in the time zone <b>", fp);
    report_html_text(fp, o->timezone);
    fprintf(fp, "</b>. %d ledger%s merged by play; made %s.</p>\n", o->n_dbs,
            o->n_dbs == 1 ? "" : "s", made);
    fputs("<p>Only complete plays count as plays; impressions are those of complete plays.</p>\n",
          fp);
    const char *what = impressions ? "Impressions" : "Complete plays (no impressions recorded)";
    char *title = xasprintf("%s per day", what);
    html_chart(fp, title, &r->by_day, FIELD_DAY, impressions);
    free(title);
    title = xasprintf("%s per campaign", what);
    html_chart(fp, title, &r->by_campaign, FIELD_CAMPAIGN, impressions);
    free(title);

    fputs("<h2>Figures</h2>\n<table>\n<tr>", fp);
    for (int c = 0; c < o->n_by; c++)
        fprintf(fp, "<th>%s</th>", report_field_name(o->by[c]));
    for (int c = 0; c < N_FIGURES; c++)
        fprintf(fp, "<th>%s</th>", figure_names[c]);
    fputs("</tr>\n", fp);
    for (int i = 0; i <= r->groups.n_rows; i++) {
        bool total = i == r->groups.n_rows;
        const struct report_row *row = total ? &r->total : &r->groups.rows[i];
        fputs(total ? "<tr class=\"total\">" : "<tr>", fp);
        for (int c = 0; c < o->n_by; c++) {
            fputs("<td>", fp);
            report_html_text(fp, total ? (c == 0 ? "total" : "") : field_of(row, o->by[c]));
            fputs("</td>", fp);
        }
        figures_of(row, fig);
        for (int c = 0; c < N_FIGURES; c++)
            fprintf(fp, "<td class=\"n\">%s</td>", fig[c]);
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n</body>\n</html>\n", fp);
    return 0;
}

int report_write(const struct report *r, const struct report_opts *o, enum report_format format,
                 FILE *fp)
{
    int rc = 0;
    switch (format) {
    case FORMAT_TABLE:
        rc = write_table(r, o, fp);
        break;
    case FORMAT_CSV:
        rc = write_csv(r, o, fp);
        break;
    case FORMAT_JSON:
        rc = write_json(r, o, fp);
        break;
    case FORMAT_HTML:
        rc = write_html(r, o, fp);
        break;
    }
    return rc == 0 && fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}
