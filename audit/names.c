/* names.c: name keys, tidy spellings and the name registry (names.h).
 *
 * Keys and tidy spellings are in names_key.c. The registry keeps three uthash tables: raw spelling -> tidied spelling
 * -> firm (keyed by the canonical key: the alias target's key when an
 * alias matches, else the spelling's own key). Counts only grow, so the
 * most frequent spelling of a firm can be kept up to date incrementally. */
#include "audit/names.h"

#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"

#include "audit/uthash_pt.h"

/* -------------------------------------------------------- registry ---- */

struct alias {
    UT_hash_handle hh;
    char *display;      /* owned: the tidied target */
    char *target_key;   /* owned: the target's key, the firm's canonical key */
    char key[];         /* the alias's key */
};

struct group {
    UT_hash_handle hh;
    const struct tidy *best;   /* most frequent spelling, ties by bytes */
    const char *alias_display; /* borrowed from an alias, or NULL */
    uint64_t count;
    uint32_t id;
    char key[];                /* canonical key */
};

struct tidy {
    UT_hash_handle hh;
    struct group *group;
    uint64_t count;
    const char *key;   /* points into text, after its NUL */
    size_t len;
    char text[];       /* tidied spelling, NUL, then its own key, NUL */
};

struct raw {
    UT_hash_handle hh;
    struct tidy *tidy;
    uint64_t count;
    size_t len;
    char text[];
};

struct pt_names {
    struct alias *aliases;
    struct group *groups_by_key;
    struct tidy *tidies;
    struct raw *raws;
    struct group **groups;   /* by id */
    size_t n_groups, cap_groups;
    char *scratch;           /* two halves of scratch_cap bytes */
    size_t scratch_cap;
    int sealed;              /* set by the first pt_names_add */
    /* A direct-mapped front for pt_names_add: a complaint file repeats a
     * few thousand spellings millions of times, and one flat array finds
     * them without walking a uthash chain of separately allocated entries
     * (a cache miss per link). A cache only: the tables stay the truth. */
    struct raw *front[4096];
};

enum pt_code pt_names_create(struct pt_names **out, struct pt_error *err)
{
    struct pt_names *r = pt_calloc(1, sizeof *r);
    if (r == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory creating the name registry");
    *out = r;
    return PT_OK;
}

void pt_names_destroy(struct pt_names *r)
{
    if (r == NULL)
        return;
    struct alias *a, *ta;
    HASH_ITER(hh, r->aliases, a, ta) {
        HASH_DEL(r->aliases, a);
        pt_free(a->display);
        pt_free(a->target_key);
        pt_free(a);
    }
    struct raw *w, *tw;
    HASH_ITER(hh, r->raws, w, tw) {
        HASH_DEL(r->raws, w);
        pt_free(w);
    }
    struct tidy *t, *tt;
    HASH_ITER(hh, r->tidies, t, tt) {
        HASH_DEL(r->tidies, t);
        pt_free(t);
    }
    HASH_CLEAR(hh, r->groups_by_key);
    for (size_t i = 0; i < r->n_groups; i++)
        pt_free(r->groups[i]);
    pt_free(r->groups);
    pt_free(r->scratch);
    pt_free(r);
}

/* Makes room for two buffers of len + 1 bytes in r->scratch. */
static int scratch_reserve(struct pt_names *r, size_t len)
{
    if (len >= SIZE_MAX / 2 - 1)
        return -1;
    return pt_grow((void **)&r->scratch, &r->scratch_cap, 2 * (len + 1), 1);
}

static struct alias *find_alias(const struct pt_names *r, const char *key, size_t n)
{
    struct alias *a = NULL;
    HASH_FIND(hh, r->aliases, key, n, a);
    return a;
}

/* Adds key -> (display, target_key) unless present with the same target;
 * PT_EDATA on a conflicting target. */
static enum pt_code put_alias(struct pt_names *r, const char *key, size_t n, const char *display,
                              const char *target_key, const char *alias_text,
                              const struct pt_loc *loc, struct pt_error *err)
{
    struct alias *a = find_alias(r, key, n);
    if (a != NULL) {
        if (strcmp(a->target_key, target_key) == 0)
            return PT_OK;
        return pt_error_set(err, PT_EDATA, loc,
                            "alias \"%s\" names both \"%s\" and \"%s\"; expected one firm per alias",
                            alias_text, a->display, display);
    }
    int ut_oom = 0;
    a = pt_calloc(1, sizeof *a + n + 1);
    if (a == NULL)
        goto nomem;
    memcpy(a->key, key, n + 1);
    a->display = pt_strdup(display);
    a->target_key = pt_strdup(target_key);
    if (a->display == NULL || a->target_key == NULL)
        goto nomem;
    HASH_ADD_KEYPTR(hh, r->aliases, a->key, n, a);
    if (ut_oom)
        goto nomem;
    return PT_OK;
nomem:
    if (a != NULL) {
        pt_free(a->display);
        pt_free(a->target_key);
        pt_free(a);
    }
    return pt_error_set(err, PT_ENOMEM, loc, "out of memory adding an alias");
}

enum pt_code pt_names_add_alias(struct pt_names *r, const char *alias, size_t alias_len,
                                const char *name, size_t name_len, const struct pt_loc *loc,
                                struct pt_error *err)
{
    if (r->sealed)
        return pt_error_set(err, PT_EINVAL, loc, "aliases must be added before any name");
    size_t need = alias_len > name_len ? alias_len : name_len;
    char *display = NULL, *tkey = NULL;
    if (scratch_reserve(r, need) != 0)
        return pt_error_set(err, PT_ENOMEM, loc, "out of memory adding an alias");
    char *k = r->scratch, *t = r->scratch + need + 1;
    size_t tn = pt_name_tidy(name, name_len, t);
    size_t kn = pt_name_key(name, name_len, k);
    if (tn == 0 || kn == 0)
        return pt_error_set(err, PT_EDATA, loc,
                            "name: expected a firm name with a letter or digit, found \"%.*s\"",
                            (int)(name_len > 64 ? 64 : name_len), name);
    display = pt_strndup(t, tn);
    tkey = pt_strndup(k, kn);
    enum pt_code rc = PT_ENOMEM;
    if (display == NULL || tkey == NULL) {
        rc = pt_error_set(err, PT_ENOMEM, loc, "out of memory adding an alias");
        goto out;
    }
    /* A target already known (as a target, or as an alias of another
     * firm) keeps its first display; chains A -> B, C -> A resolve to B. */
    const struct alias *known = find_alias(r, tkey, kn);
    const char *use_display = known ? known->display : display;
    const char *use_key = known ? known->target_key : tkey;
    if (known == NULL) {
        rc = put_alias(r, tkey, kn, display, tkey, display, loc, err);
        if (rc != PT_OK)
            goto out;
        known = find_alias(r, tkey, kn);
        use_display = known->display;
        use_key = known->target_key;
    }
    size_t an = pt_name_key(alias, alias_len, k);
    if (an == 0) {
        rc = pt_error_set(err, PT_EDATA, loc,
                          "alias: expected a name with a letter or digit, found \"%.*s\"",
                          (int)(alias_len > 64 ? 64 : alias_len), alias);
        goto out;
    }
    char quoted[160];
    pt_error_quote(alias, alias_len, 64, quoted, sizeof quoted);
    rc = put_alias(r, k, an, use_display, use_key, quoted, loc, err);
out:
    pt_free(display);
    pt_free(tkey);
    return rc;
}

static int tidy_better(const struct tidy *a, const struct tidy *b)
{
    if (b == NULL || a->count != b->count)
        return b == NULL || a->count > b->count;
    return strcmp(a->text, b->text) < 0;
}

static void count_one(struct raw *w)
{
    struct tidy *t = w->tidy;
    struct group *g = t->group;
    w->count++;
    t->count++;
    g->count++;
    if (g->best != t && tidy_better(t, g->best))
        g->best = t;
}

/* Finds or creates (in *new_group, not yet in any table) the firm of key. */
static struct group *group_for(struct pt_names *r, const char *key, size_t kn,
                               struct group **new_group)
{
    const struct alias *a = find_alias(r, key, kn);
    const char *ckey = a ? a->target_key : key;
    size_t cn = a ? strlen(ckey) : kn;
    struct group *g = NULL;
    HASH_FIND(hh, r->groups_by_key, ckey, cn, g);
    if (g != NULL)
        return g;
    g = pt_calloc(1, sizeof *g + cn + 1);
    if (g == NULL)
        return NULL;
    memcpy(g->key, ckey, cn);
    g->alias_display = a ? a->display : NULL;
    g->id = (uint32_t)r->n_groups;
    *new_group = g;
    return g;
}

/* Creates the raw entry for s and, if needed, its tidy entry and firm;
 * on failure nothing is left in the tables. */
static enum pt_code add_new_raw(struct pt_names *r, const char *s, size_t len, struct raw **out,
                                struct pt_error *err)
{
    int ut_oom = 0;
    struct group *ng = NULL;
    struct tidy *t = NULL, *nt = NULL;
    struct raw *w = pt_calloc(1, sizeof *w + len + 1);
    if (w == NULL || scratch_reserve(r, len) != 0 ||
        pt_grow((void **)&r->groups, &r->cap_groups, r->n_groups + 1, sizeof *r->groups) != 0)
        goto nomem;
    memcpy(w->text, s, len);
    w->len = len;
    char *tb = r->scratch;
    size_t tn = pt_name_tidy(s, len, tb);
    HASH_FIND(hh, r->tidies, tb, tn, t);
    if (t == NULL) {
        nt = pt_calloc(1, sizeof *nt + 2 * tn + 2);
        if (nt == NULL)
            goto nomem;
        memcpy(nt->text, tb, tn);
        nt->len = tn;
        char *kb = nt->text + tn + 1;
        size_t kn = pt_name_key(tb, tn, kb);
        nt->key = kb;
        nt->group = group_for(r, kb, kn, &ng);
        if (nt->group == NULL)
            goto nomem;
        if (ng != NULL) {
            HASH_ADD_KEYPTR(hh, r->groups_by_key, ng->key, strlen(ng->key), ng);
            if (ut_oom)
                goto nomem;
        }
        HASH_ADD_KEYPTR(hh, r->tidies, nt->text, tn, nt);
        if (ut_oom)
            goto nomem_group;
        t = nt;
    }
    w->tidy = t;
    HASH_ADD_KEYPTR(hh, r->raws, w->text, len, w);
    if (ut_oom)
        goto nomem_tidy;
    if (ng != NULL)
        r->groups[r->n_groups++] = ng;
    *out = w;
    return PT_OK;
nomem_tidy:
    if (nt != NULL)
        HASH_DEL(r->tidies, nt);
nomem_group:
    if (ng != NULL)
        HASH_DEL(r->groups_by_key, ng);
nomem:
    pt_free(ng);
    pt_free(nt);
    pt_free(w);
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory adding a company name");
}

enum pt_code pt_names_add(struct pt_names *r, const char *s, size_t len, uint32_t *group,
                          struct pt_error *err)
{
    r->sealed = 1;
    struct raw **front = &r->front[XXH3_64bits(s, len) & (sizeof r->front / sizeof *r->front - 1)];
    struct raw *w = *front;
    if (w == NULL || w->len != len || memcmp(w->text, s, len) != 0) {
        w = NULL;
        HASH_FIND(hh, r->raws, s, len, w);
        if (w == NULL) {
            enum pt_code rc = add_new_raw(r, s, len, &w, err);
            if (rc != PT_OK)
                return rc;
        }
        *front = w;
    }
    count_one(w);
    *group = w->tidy->group->id;
    return PT_OK;
}

enum pt_code pt_names_copy_aliases(struct pt_names *dst, const struct pt_names *src,
                                   struct pt_error *err)
{
    if (dst->sealed)
        return pt_error_set(err, PT_EINVAL, NULL, "aliases must be added before any name");
    for (const struct alias *a = src->aliases; a != NULL; a = a->hh.next) {
        enum pt_code rc = put_alias(dst, a->key, strlen(a->key), a->display, a->target_key,
                                    a->key, NULL, err);
        if (rc != PT_OK)
            return rc;
    }
    return PT_OK;
}

enum pt_code pt_names_merge(struct pt_names *dst, const struct pt_names *src, uint32_t *map,
                            struct pt_error *err)
{
    dst->sealed = 1;
    /* Raw spellings in src's first-appearance order (uthash iterates in
     * insertion order): dst then creates firms in the order one registry
     * reading dst's rows and then src's would have. */
    for (const struct raw *sw = src->raws; sw != NULL; sw = sw->hh.next) {
        struct raw *w = NULL;
        HASH_FIND(hh, dst->raws, sw->text, sw->len, w);
        if (w == NULL) {
            enum pt_code rc = add_new_raw(dst, sw->text, sw->len, &w, err);
            if (rc != PT_OK)
                return rc;
        }
        /* count_one, sw->count times: only this spelling's count grows, so
         * one comparison settles the firm's most frequent spelling. */
        struct tidy *t = w->tidy;
        struct group *g = t->group;
        w->count += sw->count;
        t->count += sw->count;
        g->count += sw->count;
        if (g->best != t && tidy_better(t, g->best))
            g->best = t;
        map[sw->tidy->group->id] = g->id;
    }
    return PT_OK;
}

int pt_names_find(const struct pt_names *r, const char *s, size_t len, uint32_t *group)
{
    char stack[256];
    char *buf = len < sizeof stack ? stack : pt_malloc(len + 1);
    if (buf == NULL)
        return 0;
    size_t kn = pt_name_key(s, len, buf);
    const struct alias *a = find_alias(r, buf, kn);
    const char *ckey = a ? a->target_key : buf;
    struct group *g = NULL;
    HASH_FIND(hh, r->groups_by_key, ckey, strlen(ckey), g);
    if (buf != stack)
        pt_free(buf);
    if (g == NULL)
        return 0;
    *group = g->id;
    return 1;
}

const char *pt_names_alias_target(const struct pt_names *r, const char *s, size_t len)
{
    char stack[256];
    if (r->aliases == NULL)
        return NULL; /* no --aliases: skip building the key, once per loan */
    char *buf = len < sizeof stack ? stack : pt_malloc(len + 1);
    if (buf == NULL)
        return NULL;
    size_t kn = pt_name_key(s, len, buf);
    const struct alias *a = find_alias(r, buf, kn);
    if (buf != stack)
        pt_free(buf);
    return a ? a->display : NULL;
}

const char *pt_names_canonical_key(const struct pt_names *r, const char *s, size_t len,
                                   char *buf)
{
    size_t kn = pt_name_key(s, len, buf);
    const struct alias *a = find_alias(r, buf, kn);
    return a ? a->target_key : buf;
}

uint32_t pt_names_n_groups(const struct pt_names *r) { return (uint32_t)r->n_groups; }

const char *pt_names_display(const struct pt_names *r, uint32_t group)
{
    if (group >= r->n_groups)
        return NULL;
    const struct group *g = r->groups[group];
    if (g->alias_display != NULL)
        return g->alias_display;
    return g->best ? g->best->text : "";
}

uint64_t pt_names_group_count(const struct pt_names *r, uint32_t group)
{
    return group < r->n_groups ? r->groups[group]->count : 0;
}

static int row_cmp(const void *pa, const void *pb)
{
    const struct pt_name_row *a = pa, *b = pb;
    int c = strcmp(a->display, b->display);
    if (c != 0)
        return c;
    return strcmp(a->raw, b->raw);
}

enum pt_code pt_names_rows(const struct pt_names *r, struct pt_name_row **rows, size_t *n_rows,
                           struct pt_error *err)
{
    size_t n = HASH_COUNT(r->raws);
    *rows = NULL;
    *n_rows = 0;
    if (n == 0)
        return PT_OK;
    struct pt_name_row *v = pt_calloc(n, sizeof *v);
    if (v == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory listing company names");
    size_t i = 0;
    for (const struct raw *w = r->raws; w != NULL; w = w->hh.next, i++) {
        const struct group *g = w->tidy->group;
        v[i].raw = w->text;
        v[i].display = pt_names_display(r, g->id);
        v[i].key = w->tidy->key;
        v[i].count = w->count;
        v[i].group = g->id;
        v[i].aliased = g->alias_display != NULL;
    }
    qsort(v, n, sizeof *v, row_cmp);
    *rows = v;
    *n_rows = n;
    return PT_OK;
}
