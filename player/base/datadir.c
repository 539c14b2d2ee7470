#include "base/datadir.h"

#include <stdlib.h>

#include "base/util.h"

#ifndef SIGNAGE_DATADIR
#define SIGNAGE_DATADIR "/usr/local/share/signage"
#endif
#ifndef SIGNAGE_SYSCONFDIR
#define SIGNAGE_SYSCONFDIR "/usr/local/etc"
#endif

const char *datadir_share(void)
{
    return SIGNAGE_DATADIR;
}

const char *datadir_system_config(void)
{
    return SIGNAGE_SYSCONFDIR "/signage/player.cfg";
}

char *datadir_resolve(const char *rel)
{
    if (!rel[0] || rel[0] == '/' || path_is_file(rel) || path_is_dir(rel))
        return xstrdup(rel);
    char *shared = path_join(SIGNAGE_DATADIR, rel);
    if (path_is_file(shared) || path_is_dir(shared))
        return shared;
    free(shared);
    return xstrdup(rel);
}

const char *datadir_default_config(const char *local_default)
{
    if (path_is_file(local_default))
        return local_default;
    if (path_is_file(datadir_system_config()))
        return datadir_system_config();
    return NULL;
}
