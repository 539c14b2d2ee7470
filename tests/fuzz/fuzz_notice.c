/* libFuzzer: a notice text (media/notice/<lang>.txt) through
 * notice_read_text(), and the notice item it fills. */
#include "fuzz_common.h"
#include "screen/notice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file("en.txt", data, size);
    struct diag d = {0};
    char *text = notice_read_text(fuzz_dir(), "en", &d);
    free(text);
    struct item it = {0};
    it.n_variants = 1;
    it.variants = xcalloc(1, sizeof(*it.variants));
    it.variants[0].lang = xstrdup("en");
    it.id = xstrdup("notice");
    notice_fill_item(&it, fuzz_dir(), "sms:233733", &d);
    playlist_item_free(&it);
    diag_free(&d);
    return 0;
}
