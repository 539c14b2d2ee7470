/* words: the kiosk's own words. A translation is added as one row; a
 * language with only its name falls back to English for the rest, which
 * kiosk_word_in() lets a caller see. */
#include "kiosk/words.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

struct row {
    const char *tag;
    const char *w[WORD_COUNT];
};

static const struct row rows[] = {
    {"en",
     {"English", "Choose your language", "Quick exit", "Read aloud", "Languages",
      "Read aloud: not available", "Help is available",
      "National Human Trafficking Hotline\nCall 1-888-373-7888\nText 233733\n"
      "Confidential, 24 hours a day, 7 days a week"}},
    {"es",
     {"Español", "Elija su idioma", "Salida rápida", "Leer en voz alta", "Idiomas",
      "Lectura en voz alta: no disponible", "Hay ayuda disponible",
      "Línea Nacional contra la Trata de Personas\nLlame al 1-888-373-7888\n"
      "Envíe un mensaje de texto al 233733\nConfidencial, las 24 horas, los 7 días de la semana"}},
    {"zh-Hant",
     {"中文（繁體）", "請選擇語言", "快速離開", "朗讀", "語言", "朗讀：無法使用", "您可以獲得幫助",
      "全國人口販運熱線\n請致電 1-888-373-7888\n或發短信至 233733\n全天候保密服務"}},
    {"zh-Hans",
     {"中文（简体）", "请选择语言", "快速离开", "朗读", "语言", "朗读：无法使用", "您可以获得帮助",
      "全国人口贩运热线\n请致电 1-888-373-7888\n或发短信至 233733\n全天候保密服务"}},
    {"ar",
     {"العربية", "اختر لغتك", "خروج سريع", "القراءة بصوت عالٍ", "اللغات",
      "القراءة بصوت عالٍ غير متاحة", "المساعدة متاحة",
      "الخط الساخن الوطني لمكافحة الاتجار بالبشر\nاتصل على 1-888-373-7888\n"
      "أرسل رسالة نصية إلى 233733\nسري، على مدار 24 ساعة، 7 أيام في الأسبوع"}},
    {"fr",
     {"Français", "Choisissez votre langue", "Sortie rapide", "Lire à voix haute", "Langues",
      "Lecture à voix haute : indisponible", "De l'aide est disponible",
      "Ligne nationale contre la traite des êtres humains\nAppelez le 1-888-373-7888\n"
      "Envoyez un SMS au 233733\nConfidentiel, 24 heures sur 24, 7 jours sur 7"}},
    {"pt",
     {"Português", "Escolha o seu idioma", "Saída rápida", "Ler em voz alta", "Idiomas",
      "Leitura em voz alta: indisponível", "Há ajuda disponível",
      "Linha Nacional contra o Tráfico de Pessoas\nLigue para 1-888-373-7888\n"
      "Envie SMS para 233733\nConfidencial, 24 horas por dia, 7 dias por semana"}},
    {"vi",
     {"Tiếng Việt", "Chọn ngôn ngữ", "Thoát nhanh", "Đọc to", "Ngôn ngữ", "Đọc to: không khả dụng",
      "Luôn có sự giúp đỡ",
      "Đường dây nóng quốc gia về nạn buôn người\nGọi 1-888-373-7888\nNhắn tin đến 233733\n"
      "Bảo mật, 24 giờ mỗi ngày, 7 ngày mỗi tuần"}},
    {"ko",
     {"한국어", "언어를 선택하세요", "빠른 나가기", "소리 내어 읽기", "언어",
      "소리 내어 읽기: 사용할 수 없음", "도움을 받을 수 있습니다",
      "전국 인신매매 핫라인\n1-888-373-7888로 전화하세요\n233733으로 문자를 보내세요\n"
      "비밀 보장, 연중무휴 24시간"}},
    {"ru",
     {"Русский", "Выберите язык", "Быстрый выход", "Прочитать вслух", "Языки",
      "Чтение вслух недоступно", "Вам могут помочь",
      "Национальная горячая линия по борьбе с торговлей людьми\nЗвоните 1-888-373-7888\n"
      "SMS на номер 233733\nКонфиденциально, круглосуточно, без выходных"}},
    {"tl",
     {"Tagalog", "Piliin ang iyong wika", "Mabilis na paglabas", "Basahin nang malakas", "Mga wika",
      NULL, NULL, NULL}},
    {"ja",
     {"日本語", "言語を選んでください", "すぐに閉じる", "読み上げ", "言語", NULL, NULL, NULL}},
    {"uk",
     {"Українська", "Оберіть мову", "Швидкий вихід", "Прочитати вголос", "Мови", NULL, NULL, NULL}},
    {"fa", {"فارسی", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"he", {"עברית", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"ur", {"اردو", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"hi", {"हिन्दी", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"pa", {"ਪੰਜਾਬੀ", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"th", {"ไทย", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"km", {"ខ្មែរ", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"am", {"አማርኛ", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"hy", {"Հայերեն", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"ht", {"Kreyòl ayisyen", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"so", {"Soomaali", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"de", {"Deutsch", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"it", {"Italiano", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
    {"pl", {"Polski", NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static size_t primary_len(const char *tag)
{
    size_t n = strcspn(tag, "-_");
    return n;
}

static const struct row *find(const char *tag)
{
    if (!tag)
        return NULL;
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcasecmp(rows[i].tag, tag) == 0)
            return &rows[i];
    /* Chinese by script: Taiwan and Hong Kong write Traditional. */
    size_t n = primary_len(tag);
    if (n == 2 && strncasecmp(tag, "zh", 2) == 0 && tag[2]) {
        const char *rest = tag + 3;
        bool hant = strcasecmp(rest, "TW") == 0 || strcasecmp(rest, "HK") == 0 ||
                    strcasecmp(rest, "MO") == 0 || strncasecmp(rest, "Hant", 4) == 0;
        return find(hant ? "zh-Hant" : "zh-Hans");
    }
    for (size_t i = 0; i < N_ROWS; i++)
        if (primary_len(rows[i].tag) == n && strncasecmp(rows[i].tag, tag, n) == 0)
            return &rows[i];
    return NULL;
}

const char *kiosk_words_tag(const char *tag)
{
    const struct row *r = find(tag);
    return r ? r->tag : NULL;
}

const char *kiosk_word_in(const char *tag, enum kiosk_word w)
{
    const struct row *r = find(tag);
    return r && w >= 0 && w < WORD_COUNT ? r->w[w] : NULL;
}

const char *kiosk_word(const char *tag, enum kiosk_word w)
{
    const char *s = kiosk_word_in(tag, w);
    if (s)
        return s;
    if (w == WORD_NAME)
        return tag;
    return rows[0].w[w];
}
