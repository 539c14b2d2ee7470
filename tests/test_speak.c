/* test_speak: espeak-ng through SDL audio. Run with SDL_AUDIODRIVER=disk
 * and SDL_DISKAUDIOFILE=FILE (tests/kiosk/speech.sh checks FILE holds speech):
 * which languages have a voice, and a page read aloud, interrupted by
 * another that replaces it. */
#include <SDL.h>
#include <unistd.h>

#include "kiosk/speak.h"
#include "testlib.h"

int main(int argc, char **argv)
{
    EXPECT_INT(SDL_Init(0), 0);
    struct speak *s = speak_create(argc > 1 ? atoi(argv[1]) : 80);
    EXPECT(s != NULL);
    if (!s)
        return test_result("test_speak");
    EXPECT(speak_can(s, "en"));
    EXPECT(speak_can(s, "es-MX"));
    EXPECT(speak_can(s, "ar"));
    EXPECT_STR(speak_voice(s, "zh-Hant"), "cmn");
    EXPECT(!speak_can(s, "tlh")); /* Klingon: no voice */
    EXPECT(!speak_can(s, ""));
    EXPECT_INT(speak_say(s, "tlh", "nuqneH"), -1);
    /* A text cut off by the next one: only the next is heard to its end. */
    EXPECT_INT(speak_say(s, "es", "Esto se corta enseguida, no se oye entero."), 0);
    usleep(100000);
    EXPECT_INT(speak_say(s, "en", "Help is available. Call 1 888 373 7888, 24 hours a day."), 0);
    sleep(5);
    speak_destroy(s);
    speak_destroy(NULL);
    SDL_Quit();
    return test_result("test_speak");
}
