#include "base/clock.h"

#include "base/util.h"

static struct clock_now system_read(void *ctx)
{
    (void)ctx;
    struct clock_now n = {time_wall_ms(), time_now_us() / 1000};
    return n;
}

struct clock clock_system(void)
{
    struct clock c = {system_read, NULL};
    return c;
}

struct clock_now clock_read(const struct clock *c)
{
    return c && c->read ? c->read(c->ctx) : system_read(NULL);
}

int64_t clock_elapsed_ms(struct clock_now a, struct clock_now b)
{
    return b.mono_ms - a.mono_ms;
}

static struct clock_now fake_read(void *ctx)
{
    return ((struct clock_fake *)ctx)->now;
}

struct clock clock_of_fake(struct clock_fake *f)
{
    struct clock c = {fake_read, f};
    return c;
}

void clock_fake_advance(struct clock_fake *f, int64_t ms)
{
    f->now.wall_ms += ms;
    f->now.mono_ms += ms;
}

void clock_fake_step_wall(struct clock_fake *f, int64_t ms)
{
    f->now.wall_ms += ms;
}
