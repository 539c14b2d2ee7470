/* libFuzzer: a notice text (media/notice/<lang>.txt) through
 * notice_read_text() and notice_file_info(), as the notice and the
 * compliance page read it. */
#include "fuzz_common.h"
#include "screen/notice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file("en.txt", data, size);
    struct diag d = {0};
    char *path = NULL, *sha = NULL, *notes = NULL, err[200];
    char *text = notice_read_text(fuzz_dir(), "en", &path, &sha, &d);
    free(text);
    free(path);
    free(sha);
    sha = NULL;
    if (notice_file_info(fuzz_file("en.txt", data, size), &sha, &notes, err, sizeof(err)) == 0) {
        free(sha);
        free(notes);
    }
    diag_free(&d);
    return 0;
}
