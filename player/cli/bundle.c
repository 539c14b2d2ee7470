/* signage bundle: a signing key, and a folder of playlists and media made
 * into a signed content bundle for any static web server (fleet/). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "fleet/bundle_make.h"

static const char usage_bundle[] =
    "Usage: signage bundle keygen KEYFILE\n"
    "       signage bundle make SRC_DIR --key KEYFILE --out OUT_DIR [--config FILE]\n"
    "\n"
    "keygen makes an Ed25519 key pair: KEYFILE holds the secret key (mode 0600;\n"
    "keep it off the screens), KEYFILE.pub the public key on one line, which is\n"
    "the player config's content.public_key.\n"
    "\n"
    "make checks every playlist SRC_DIR can play (its bundle.cfg, or its one\n"
    "*.cfg) as `signage check` does, then stores each file under OUT_DIR/files/\n"
    "by its SHA-256 and writes OUT_DIR/manifest, signed with KEYFILE. Serve\n"
    "OUT_DIR from any web server and point content.url at it. Making again into\n"
    "the same OUT_DIR adds only the files that changed. Hidden files are left out.\n"
    "\n"
    "  -k, --key KEYFILE      the secret key from `signage bundle keygen`\n"
    "  -o, --out OUT_DIR      where the bundle goes (made if missing)\n"
    "  -c, --config FILE      player config the playlists are checked with\n"
    "                         (default " DEFAULT_CONFIG " when it exists)\n"
    "  -h, --help             this help\n";

static int keygen(int argc, char **argv)
{
    if (argc != 2)
        return cli_bad_usage("%s", "bundle keygen needs one KEYFILE", "bundle ");
    char err[BUNDLE_ERR_SIZE];
    if (bundle_keygen(argv[1], err, sizeof(err)) < 0) {
        fprintf(stderr, "signage: %s\n", err);
        return 1;
    }
    printf("secret key: %s (keep it safe, off the screens)\n"
           "public key: %s.pub (its line is content.public_key)\n",
           argv[1], argv[1]);
    return 0;
}

static int make(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"out", required_argument, NULL, 'o'},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *key = NULL, *out = NULL, *config = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "k:o:c:h", opts, NULL)) != -1) {
        if (c == 'k')
            key = optarg;
        else if (c == 'o')
            out = optarg;
        else if (c == 'c')
            config = optarg;
        else if (c == 'h') {
            fputs(usage_bundle, stdout);
            return 0;
        } else
            return cli_bad_usage("%s", "bad option", "bundle ");
    }
    if (optind + 1 != argc)
        return cli_bad_usage("%s", "bundle make needs one SRC_DIR", "bundle ");
    if (!key || !out)
        return cli_bad_usage("%s", "bundle make needs --key KEYFILE and --out OUT_DIR", "bundle ");
    struct settings s;
    int rc = cli_load_config(&s, config);
    if (rc == 0) {
        cli_set_log_level(LOG_ERROR); /* each problem is printed once, below */
        struct diag d = {0};
        struct bundle_made made;
        rc = bundle_make(argv[optind], key, out, &s, &made, &d);
        for (int i = 0; i < d.n_lines; i++)
            fprintf(stderr, "%s\n", d.lines[i]);
        if (rc == 0)
            printf("bundle %" PRId64 " in %s: %d files, %" PRId64 " bytes; %d new (%" PRId64
                   " bytes)\n",
                   made.version, out, made.n_files, made.bytes, made.n_new, made.new_bytes);
        else
            fprintf(stderr, "signage: no bundle made; %s is as it was\n", out);
        diag_free(&d);
        rc = rc == 0 ? 0 : 2;
    }
    settings_free(&s);
    return rc;
}

int cmd_bundle(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_bundle, stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "keygen") == 0)
        return keygen(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "make") == 0)
        return make(argc - 1, argv + 1);
    return cli_bad_usage("%s", "bundle needs keygen or make", "bundle ");
}
