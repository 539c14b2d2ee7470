/* libFuzzer: a CAP 1.2 message or an Atom/RSS feed of them through
 * cap_parse() (alerts/cap.c), the way the alerts fetcher hands over what a
 * server sent, then every alert copied and freed. */
#include "alerts/cap.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_dir(); /* quiet logs */
    struct cap_doc doc;
    struct diag problems = {0};
    char err[256];
    if (cap_parse((const char *)data, size, "fuzz.xml", &doc, &problems, err, sizeof(err)) == 0) {
        for (int i = 0; i < doc.n_alerts; i++) {
            struct cap_alert copy;
            cap_alert_copy(&copy, &doc.alerts[i]);
            cap_alert_free(&copy);
        }
    }
    cap_doc_free(&doc);
    diag_free(&problems);
    return 0;
}
