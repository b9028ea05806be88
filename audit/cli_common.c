/* cli_common.c: messages, exit statuses and input opening for the CLI. */
#include "audit/cli_common.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

void pt_cli_errorf(const char *fmt, ...)
{
    va_list ap;
    fputs("ptaudit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int pt_cli_fail(const struct pt_error *err)
{
    char buf[1024];
    pt_cli_errorf("%s", pt_error_format(err, buf, sizeof buf));
    return pt_code_exit_status(err->code);
}

int pt_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ptaudit: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'ptaudit %s%s--help' for more information.\n", cmd ? cmd : "",
            cmd ? " " : "");
    return PT_EXIT_USAGE;
}

int pt_cli_not_built(const char *cmd, const char *what)
{
    pt_cli_errorf("%s: %s is not built yet (exit 69, EX_UNAVAILABLE)", cmd, what);
    return PT_EXIT_UNAVAILABLE;
}

FILE *pt_cli_open_input(const char *path, int *status)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        pt_cli_errorf("%s: %s", path, strerror(errno));
        *status = PT_EXIT_NOINPUT;
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        pt_cli_errorf("%s: is a directory, expected a CSV file", path);
        fclose(f);
        *status = PT_EXIT_NOINPUT;
        return NULL;
    }
    return f;
}

void pt_cli_close_input(FILE *f)
{
    if (f != NULL && f != stdin)
        fclose(f);
}

int pt_cli_check_inputs(const char *const *files, int n)
{
    for (int i = 0; i < n; i++) {
        struct stat fifo;   /* a FIFO opened and closed here would lose its writer */
        if (strcmp(files[i], "-") == 0 || (stat(files[i], &fifo) == 0 && S_ISFIFO(fifo.st_mode)))
            continue;
        int status = 0;
        FILE *f = pt_cli_open_input(files[i], &status);
        if (f == NULL)
            return status;
        pt_cli_close_input(f);
    }
    return 0;
}

int pt_cli_close_stdout(int status)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    if (fclose(stdout) != 0)
        bad = 1;
    if (bad && status == PT_EXIT_OK) {
        pt_cli_errorf("write error on standard output: %s", strerror(errno));
        return PT_EXIT_IOERR;
    }
    return status;
}

#include <getopt.h>

enum {
    OPT_FROM = 256, OPT_MAP, OPT_BY, OPT_TO, OPT_ENCODING, OPT_SINCE, OPT_UNTIL,
    OPT_COMPANY, OPT_PRODUCT, OPT_ALIASES, OPT_CURRENCY, OPT_REJECTS, OPT_LOANS, OPT_NARRATIVES, OPT_THREADS
};

static int add_to_list(const char *cmd, const char **list, int *n, int max, const char *value,
                       const char *what)
{
    if (*n >= max)
        return pt_cli_usage_error(cmd, "too many %s (at most %d)", what, max);
    list[(*n)++] = value;
    return -1;
}

int pt_cli_parse_data_opts(const char *cmd, const char *help, int argc, char **argv,
                           struct pt_cli_data_opts *o)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"map", required_argument, NULL, OPT_MAP},
        {"by", required_argument, NULL, OPT_BY},
        {"to", required_argument, NULL, OPT_TO},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"company", required_argument, NULL, OPT_COMPANY},
        {"product", required_argument, NULL, OPT_PRODUCT},
        {"aliases", required_argument, NULL, OPT_ALIASES},
        {"currency", required_argument, NULL, OPT_CURRENCY},
        {"rejects", required_argument, NULL, OPT_REJECTS},
        {"loans", required_argument, NULL, OPT_LOANS},
        {"narratives", required_argument, NULL, OPT_NARRATIVES},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    opterr = 0;
    optind = 1;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); return 0;
        case 'q': o->quiet = 1; break;
        case OPT_FROM: o->from = optarg; break;
        case OPT_MAP: o->map = optarg; break;
        case OPT_BY:
            if (strcmp(cmd, "complaints") != 0 && o->n_by == 1)
                return pt_cli_usage_error(cmd, "--by given twice: a %s run prints one table "
                                          "(comma-separated keys make a cross table)", cmd);
            if ((rc = add_to_list(cmd, o->by, &o->n_by, PT_CLI_MAX_BY, optarg, "--by tables")) >=
                0)
                return rc;
            break;
        case OPT_TO: o->to = optarg; break;
        case OPT_ENCODING: o->encoding = optarg; break;
        case OPT_SINCE: o->since = optarg; break;
        case OPT_UNTIL: o->until = optarg; break;
        case OPT_COMPANY:
            if ((rc = add_to_list(cmd, o->companies, &o->n_companies, PT_CLI_MAX_LIST, optarg,
                                  "--company")) >= 0)
                return rc;
            break;
        case OPT_PRODUCT: o->product = optarg; break;
        case OPT_ALIASES: o->aliases = optarg; break;
        case OPT_CURRENCY: o->currency = optarg; break;
        case OPT_REJECTS: o->rejects = optarg; break;
        case OPT_LOANS:
            if (strcmp(cmd, "complaints") != 0)
                return pt_cli_usage_error(cmd, "unknown option '--loans'");
            o->loans_file = optarg;
            break;
        case OPT_NARRATIVES:
            if (strcmp(cmd, "complaints") != 0)
                return pt_cli_usage_error(cmd, "unknown option '--narratives'");
            if (strcmp(optarg, "on") != 0 && strcmp(optarg, "off") != 0)
                return pt_cli_usage_error(cmd, "--narratives: expected on or off, found \"%s\"",
                                          optarg);
            o->narratives = strcmp(optarg, "on") == 0;
            break;
        case OPT_THREADS:
            if (strcmp(cmd, "complaints") != 0 && strcmp(cmd, "loans") != 0)
                return pt_cli_usage_error(cmd, "unknown option '--threads'");
            if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0)
                return pt_cli_usage_error(cmd, "--threads: expected 1 or 2, found \"%s\"",
                                          optarg);
            o->threads = optarg[0] - '0';
            break;
        case ':': return pt_cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        default: return pt_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    for (int i = optind; i < argc; i++)
        if ((rc = add_to_list(cmd, o->files, &o->n_files, PT_CLI_MAX_LIST, argv[i],
                                  "input files")) >= 0)
            return rc;
    if (o->n_files == 0)
        return pt_cli_usage_error(cmd, "no input file (use - for standard input)");
    if (o->to && strcmp(o->to, "text") && strcmp(o->to, "csv") && strcmp(o->to, "json"))
        return pt_cli_usage_error(cmd, "--to: expected text, csv or json, found \"%s\"", o->to);
    if (o->encoding && strcmp(o->encoding, "auto") && strcmp(o->encoding, "utf-8") &&
        strcmp(o->encoding, "utf8") && strcmp(o->encoding, "gb18030"))
        return pt_cli_usage_error(cmd, "--encoding: expected auto, utf-8 or gb18030, found \"%s\"",
                                  o->encoding);
    return -1;
}

int pt_cli_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n == 1 ? 1 : 2;
}
