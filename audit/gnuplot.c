/* gnuplot.c: see gnuplot.h. The child's stderr comes back through a pipe
 * so a failure can be explained; stdout goes to /dev/null. The timeout is
 * counted in poll() slices rather than read from a clock: the library does
 * not read the clock (STYLE.md), and a slice count is precise enough for a
 * kill switch. */
#define _GNU_SOURCE
#include "audit/gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int pt_gnuplot_find(const char *path_list, const char *name, char *out, size_t size)
{
    if (path_list == NULL)
        return 0;
    const char *p = path_list;
    while (*p) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        struct stat st;
        /* Only absolute folders: an empty or relative PATH entry would make
         * the report depend on the working folder. */
        if (len > 0 && p[0] == '/' &&
            (size_t)snprintf(out, size, "%.*s/%s", (int)len, p, name) < size &&
            stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
            return 1;
        p += len + (colon ? 1 : 0);
    }
    return 0;
}

static enum pt_code fail(struct pt_error *err, enum pt_code code, const struct pt_gnuplot_job *job,
                         const char *what, const char *detail)
{
    struct pt_loc loc;
    pt_loc_set(&loc, job->script, 0, 0);
    return pt_error_set(err, code, &loc, "gnuplot %s%s%s", what, detail[0] ? ": " : "", detail);
}

/* Waits for pid, reading its stderr from fd into diag (first line kept);
 * kills it after timeout_ms. Returns the wait status, or -1 on timeout. */
static int wait_child(pid_t pid, int fd, unsigned timeout_ms, char *diag, size_t size)
{
    /* Once stderr is closed the child is exiting: short naps until it can
     * be reaped, or every chart would wait up to a whole slice more. */
    enum { SLICE_MS = 50, EXIT_SLICE_MS = 2 };
    size_t used = 0;
    int status = 0, open_fd = 1;
    for (unsigned waited = 0;; waited += open_fd ? SLICE_MS : EXIT_SLICE_MS) {
        if (open_fd) {
            struct pollfd pfd = {fd, POLLIN, 0};
            if (poll(&pfd, 1, SLICE_MS) > 0) {
                char tmp[512];
                ssize_t got = read(fd, tmp, sizeof tmp);
                if (got <= 0)
                    open_fd = 0;
                for (ssize_t i = 0; i < got && used + 1 < size; i++)
                    if (used > 0 || (tmp[i] != '\n' && tmp[i] != ' '))
                        diag[used++] = tmp[i];
                diag[used] = '\0';
            }
        } else {
            usleep(EXIT_SLICE_MS * 1000);
        }
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0 && errno != EINTR)
            return 0;
        if (waited >= timeout_ms) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            return -1;
        }
    }
}

enum pt_code pt_gnuplot_run(const struct pt_gnuplot_job *job, struct pt_error *err)
{
    char *const envp[] = {(char *)(uintptr_t) "LC_ALL=C", (char *)(uintptr_t) "PATH=/usr/bin:/bin",
                          NULL};
    char *const argv[] = {(char *)(uintptr_t) "gnuplot", (char *)(uintptr_t)job->script, NULL};
    char diag[256] = "";
    int pipefd[2];
    posix_spawn_file_actions_t fa;
    pid_t pid;
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return fail(err, PT_EUNAVAIL, job, "cannot be started", strerror(errno));
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc == 0)
        rc = posix_spawn_file_actions_addchdir_np(&fa, job->dir);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    if (rc == 0)
        rc = posix_spawn(&pid, job->program, &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        return fail(err, PT_EUNAVAIL, job, "cannot be started", strerror(rc));
    }
    int status = wait_child(pid, pipefd[0], job->timeout_ms ? job->timeout_ms : 30000, diag,
                            sizeof diag);
    close(pipefd[0]);
    char *nl = strchr(diag, '\n');
    if (nl != NULL)
        *nl = '\0';
    if (status == -1)
        return fail(err, PT_EIO, job, "timed out and was stopped", diag);
    if (WIFSIGNALED(status))
        return fail(err, PT_EIO, job, "was killed by a signal", diag);
    /* 127: the child could not exec the program. glibc's posix_spawn normally
     * reports that as an error above, but where vfork is emulated by fork
     * (valgrind) the exec failure only shows as the child's exit status. */
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && diag[0] == '\0')
        return fail(err, PT_EUNAVAIL, job, "cannot be started", "exit status 127");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail(err, PT_EIO, job, "failed", diag);
    return PT_OK;
}
