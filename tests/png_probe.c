/* png_probe: prints what a screenshot shows, for the integration tests.
 *   png_probe FILE size          -> "W H"
 *   png_probe FILE X Y [X Y]...  -> "R G B" per point; X and Y are fractions
 *                                   of the width and height (0.5 0.5 = centre)
 *   png_probe FILE comb          -> how combed the worst column is, 0-255: the
 *                                   mean over its rows of |2 g(y) - g(y-1) - g(y+1)| / 2
 *                                   (green); an interlaced moving edge shown as it is
 *                                   scores near 255, a deinterlaced one near 0
 * Decodes with the player's own media module. Exit 1 when FILE is not a picture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/media.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: png_probe FILE size | png_probe FILE X Y [X Y]...\n");
        return 2;
    }
    char err[256];
    struct media_opts o = {.still = true};
    struct media *m = media_open(argv[1], &o, err, sizeof(err));
    AVFrame *f = NULL;
    if (!m || media_next(m, &f, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], err);
        media_close(m);
        return 1;
    }
    if (strcmp(argv[2], "size") == 0) {
        printf("%d %d\n", f->width, f->height);
    } else if (strcmp(argv[2], "comb") == 0) {
        double worst = 0;
        for (int x = 0; x < f->width; x++) {
            double sum = 0;
            for (int y = 1; y + 1 < f->height; y++) {
                const uint8_t *p = f->data[0] + (size_t)y * f->linesize[0] + (size_t)x * 4 + 1;
                int d = 2 * p[0] - p[-f->linesize[0]] - p[f->linesize[0]];
                sum += (d < 0 ? -d : d) / 2.0;
            }
            if (f->height > 2 && sum / (f->height - 2) > worst)
                worst = sum / (f->height - 2);
        }
        printf("%.0f\n", worst);
    } else {
        for (int i = 2; i + 1 < argc; i += 2) {
            int x = (int)(atof(argv[i]) * (f->width - 1) + 0.5);
            int y = (int)(atof(argv[i + 1]) * (f->height - 1) + 0.5);
            const uint8_t *p = f->data[0] + (size_t)y * f->linesize[0] + (size_t)x * 4; /* BGRA */
            printf("%d %d %d\n", p[2], p[1], p[0]);
        }
    }
    av_frame_free(&f);
    media_close(m);
    return 0;
}
