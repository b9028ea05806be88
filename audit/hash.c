/* hash.c: SHA-256 via nettle's sha256_* (nettle-dev). The tee is a
 * fopencookie stream (glibc): the loaders keep reading a plain FILE and
 * the digest is of exactly the bytes they parsed. */
#define _GNU_SOURCE
#include "audit/hash.h"

#include <errno.h>
#include <string.h>

#include <nettle/sha2.h>

#include "audit/alloc.h"

static void to_hex(const uint8_t *digest, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[PT_SHA256_HEX_LEN] = '\0';
}

static enum pt_code read_error(const char *path, struct pt_error *err)
{
    struct pt_loc loc;
    pt_loc_set(&loc, path != NULL ? path : "-", 0, 0);
    return pt_error_set(err, PT_EIO, &loc, "read error while hashing: %s", strerror(errno));
}

enum pt_code pt_hash_stream(FILE *f, const char *path, char hex[PT_SHA256_HEX_LEN + 1],
                            uint64_t *size, struct pt_error *err)
{
    struct sha256_ctx ctx;
    uint8_t buf[65536], digest[SHA256_DIGEST_SIZE];
    uint64_t total = 0;
    size_t n;
    sha256_init(&ctx);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(&ctx, n, buf);
        total += n;
    }
    if (ferror(f))
        return read_error(path, err);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    to_hex(digest, hex);
    *size = total;
    return PT_OK;
}

struct pt_hash_tee {
    FILE *in;          /* borrowed */
    FILE *stream;      /* owned */
    struct sha256_ctx ctx;
    uint64_t size;
    const char *path;  /* borrowed */
};

static ssize_t tee_read(void *cookie, char *buf, size_t size)
{
    struct pt_hash_tee *t = cookie;
    size_t n = fread(buf, 1, size, t->in);
    if (n == 0 && ferror(t->in))
        return -1;
    sha256_update(&t->ctx, n, (const uint8_t *)buf);
    t->size += n;
    return (ssize_t)n;
}

static int tee_close(void *cookie)
{
    (void)cookie;
    return 0;
}

enum pt_code pt_hash_tee_create(struct pt_hash_tee **out, FILE *in, const char *path,
                                FILE **stream, struct pt_error *err)
{
    *out = NULL;
    struct pt_hash_tee *t = pt_calloc(1, sizeof *t);
    if (t == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    t->in = in;
    t->path = path;
    sha256_init(&t->ctx);
    cookie_io_functions_t io = {.read = tee_read, .close = tee_close};
    t->stream = fopencookie(t, "rb", io);
    if (t->stream == NULL) {
        pt_free(t);
        return pt_error_set(err, errno == ENOMEM ? PT_ENOMEM : PT_EIO, NULL,
                            "cannot open a hashing stream: %s", strerror(errno));
    }
    *stream = t->stream;
    *out = t;
    return PT_OK;
}

enum pt_code pt_hash_tee_finish(struct pt_hash_tee *t, char hex[PT_SHA256_HEX_LEN + 1],
                                uint64_t *size, struct pt_error *err)
{
    char buf[65536];
    uint8_t digest[SHA256_DIGEST_SIZE];
    while (fread(buf, 1, sizeof buf, t->stream) > 0)
        ;
    if (ferror(t->stream) || ferror(t->in))
        return read_error(t->path, err);
    sha256_digest(&t->ctx, SHA256_DIGEST_SIZE, digest);
    to_hex(digest, hex);
    *size = t->size;
    return PT_OK;
}

void pt_hash_tee_destroy(struct pt_hash_tee *t)
{
    if (t == NULL)
        return;
    if (t->stream != NULL)
        fclose(t->stream);
    pt_free(t);
}
