/* A trawl plugin in plain C: proof that the boundary is not Rust-only.
 *
 * It marks each record with extra.checked_by = "c-plugin" and answers {"record": ...}.
 * Built by tests/plugins.rs with the system C compiler; -DFAULT_... builds the faulty
 * variants the host must survive, -DNAME='"x"' names them. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NAME
#define NAME "c-plugin"
#endif

#if defined(FAULT_CTOR_ABORT)
/* Runs when the library is loaded: a library no rule names must never be loaded. */
__attribute__((constructor)) static void boom(void) { abort(); }
#endif

#ifndef ABI
#define ABI 1
#endif

uint32_t trawl_plugin_abi_version(void) { return ABI; }

#ifndef NO_INFO
const char *trawl_plugin_info(void) {
    return "{\"name\":\"" NAME "\",\"version\":\"1.0.0\",\"description\":\"Marks records; written in C.\"}";
}
#endif

static char *copy(const char *text) {
    char *out = malloc(strlen(text) + 1);
    if (out) strcpy(out, text);
    return out;
}

char *trawl_plugin_process(const char *record, const char *config) {
    (void)config;
#if defined(FAULT_GARBAGE)
    (void)record;
    return copy("this is not json {");
#elif defined(FAULT_ERROR)
    (void)record;
    return copy("{\"error\":\"the upstream service is down\"}");
#elif defined(FAULT_EXIT0)
    /* Half an answer on stdout, then a clean exit: the worst case for the record stream. */
    (void)record;
    printf("{\"url\":\"half");
    fflush(stdout);
    exit(0);
#elif defined(FAULT_ABORT)
    (void)record;
    abort();
#elif defined(FAULT_SEGV)
    (void)record;
    volatile int *nowhere = NULL;
    *nowhere = 1;
    return NULL;
#elif defined(FAULT_KILL)
    (void)record;
    kill(getpid(), SIGKILL);
    return NULL;
#elif defined(FAULT_LOOP)
    (void)record;
    for (volatile unsigned long n = 0;; n++) {
    }
#elif defined(FAULT_SLEEP)
    (void)record;
    sleep(3600);
    return NULL;
#elif defined(FAULT_BAD_UTF8)
    (void)record;
    return copy("{\"error\":\"caf\xe9\"}");
#elif defined(FAULT_HOSTILE)
    /* A record with a script URL, a bidi override and a terminal escape. */
    (void)record;
    return copy("{\"record\":{\"url\":\"javascript:alert(1)\",\"site\":\"x\",\"title\":\"evil\u202etxt.exe\\u001b[2J\","
                "\"images\":[{\"url\":\"data:text/html,x\",\"is_cover\":true}],"
                "\"related\":[{\"title\":\"r\",\"url\":\"vbscript:x\"}]}}");
#elif defined(FAULT_DROPS_TITLE)
    (void)record;
    return copy("{\"record\":{\"url\":\"https://x.example/\",\"site\":\"x\"}}");
#else
#if defined(FAULT_PRINTS)
    /* Chatter on stdout that must never reach the records. */
    printf("{\"not\": \"a record\"}\n");
    fflush(stdout);
#endif
    /* Insert "checked_by" at the start of the record's "extra" object. */
    const char *marker = "\"extra\":{";
    const char *at = strstr(record, marker);
    const char *field = "\"checked_by\":\"" NAME "\"";
    size_t size = strlen(record) + strlen(field) + 32;
    char *out = malloc(size);
    if (!out) return NULL;
    if (!at) {
        strcpy(out, "{\"record\":");
        strcat(out, record);
        strcat(out, "}");
        return out;
    }
    size_t head = (size_t)(at - record) + strlen(marker);
    strcpy(out, "{\"record\":");
    strncat(out, record, head);
    strcat(out, field);
    if (record[head] != '}') strcat(out, ",");
    strcat(out, record + head);
    strcat(out, "}");
    return out;
#endif
}

void trawl_plugin_free(char *answer) { free(answer); }
