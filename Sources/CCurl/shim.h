// libcurl, for Swift, loaded when first needed: the xAPI export's HTTP client (LRSClient).
//
// The binary does not link libcurl: its types and constants come from curl/curl.h (Debian:
// libcurl4-openssl-dev), its functions from libcurl.so.4 (Debian: libcurl4), opened with dlopen
// by `ccurl_load` the first time statements are sent. Any other run never maps libcurl nor
// its TLS, SSH, LDAP and IDN libraries (Foundation's URLSession would link them at start).
//
// curl_easy_setopt and curl_easy_getinfo are C-variadic, which Swift cannot call: each wrapper
// below fixes one argument type. `ccurl_load` must have succeeded before any other wrapper is
// called (`ccurl_easy_init` checks it and answers NULL otherwise). Every function is
// `static inline` and the table one weak definition, so this system library target needs no
// compiled C code. NB: SwiftPM does not notice edits to this header; touch a Swift file of
// Reports (or clean) after changing it.
#ifndef SALESSIM_CCURL_SHIM_H
#define SALESSIM_CCURL_SHIM_H

// The wrappers pass each option's type explicitly; curl's macro type checks are not needed.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The shared library opened on first use, and the Debian package that installs it.
#ifdef __APPLE__
#define CCURL_LIBRARY "libcurl.4.dylib"
#else
#define CCURL_LIBRARY "libcurl.so.4"
#endif
#define CCURL_PACKAGE "libcurl4"

/// Every libcurl function the client calls.
#define CCURL_FUNCTIONS(X) \
    X(curl_global_init) X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_perform) X(curl_easy_getinfo) \
    X(curl_easy_cleanup) X(curl_easy_strerror) X(curl_slist_append) X(curl_slist_free_all)

/// The functions, typed by curl.h's own declarations.
struct ccurl_api {
#define CCURL_FIELD(name) __typeof__(&name) fn_##name;
    CCURL_FUNCTIONS(CCURL_FIELD)
#undef CCURL_FIELD
};

/// Opens `library` and resolves every function of the table into `api`: 0, or -1 with the
/// reason (dlopen's message, or the missing function) in `error`. The library stays open.
static inline int ccurl_open(const char *library, struct ccurl_api *api, char *error, size_t size) {
    dlerror();
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(error, size, "%s", why != NULL ? why : "dlopen failed");
        return -1;
    }
#define CCURL_RESOLVE(name)                                                       \
    api->fn_##name = (__typeof__(&name))dlsym(handle, #name);                     \
    if (api->fn_##name == NULL) {                                                 \
        snprintf(error, size, "%s has no function %s (too old?)", library, #name); \
        dlclose(handle);                                                          \
        return -1;                                                                \
    }
    CCURL_FUNCTIONS(CCURL_RESOLVE)
#undef CCURL_RESOLVE
    return 0;
}

/// The process's table: filled once, by the first `ccurl_load`.
struct ccurl_state {
    struct ccurl_api api;
    int loaded;
    char error[512];
};
// NB: initialised: Swift emits a header's tentative definition as a mere (undefined) reference.
__attribute__((weak)) struct ccurl_state ccurl_shared = { .loaded = 0 };
__attribute__((weak)) pthread_once_t ccurl_shared_once = PTHREAD_ONCE_INIT;

static inline void ccurl_load_once(void) {
    if (ccurl_open(CCURL_LIBRARY, &ccurl_shared.api, ccurl_shared.error, sizeof ccurl_shared.error) != 0) return;
    // NB: once, before any handle, as libcurl asks of a program with threads.
    CURLcode code = ccurl_shared.api.fn_curl_global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(ccurl_shared.error, sizeof ccurl_shared.error, "curl_global_init failed (%s)",
                 ccurl_shared.api.fn_curl_easy_strerror(code));
        return;
    }
    ccurl_shared.loaded = 1;
}

/// Loads libcurl on the first call (thread-safe; later calls answer at once): NULL when it is
/// loaded, else why not (the same answer for the rest of the process).
static inline const char *ccurl_load(void) {
    pthread_once(&ccurl_shared_once, ccurl_load_once);
    return ccurl_shared.loaded ? NULL : ccurl_shared.error;
}

/// Whether `library` can be opened and has every function, without touching the process's
/// table: NULL, or why not, in `error` (for tests and diagnostics).
static inline const char *ccurl_probe(const char *library, char *error, size_t size) {
    struct ccurl_api scratch;
    return ccurl_open(library, &scratch, error, size) == 0 ? NULL : error;
}

// MARK: - the wrappers

#define CCURL_CALL(name) (ccurl_shared.api.fn_##name)

static inline CURL *ccurl_easy_init(void) {
    if (ccurl_load() != NULL) return NULL;
    return CCURL_CALL(curl_easy_init)();
}
static inline void ccurl_easy_cleanup(CURL *handle) { CCURL_CALL(curl_easy_cleanup)(handle); }
static inline CURLcode ccurl_easy_perform(CURL *handle) { return CCURL_CALL(curl_easy_perform)(handle); }
static inline const char *ccurl_easy_strerror(CURLcode code) { return CCURL_CALL(curl_easy_strerror)(code); }
static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return CCURL_CALL(curl_easy_setopt)(handle, option, value);
}
static inline CURLcode ccurl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return CCURL_CALL(curl_easy_setopt)(handle, option, value);
}
/// A string option: libcurl copies it.
static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return CCURL_CALL(curl_easy_setopt)(handle, option, value);
}
/// A pointer option: the caller keeps what it points to alive until the cleanup.
static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return CCURL_CALL(curl_easy_setopt)(handle, option, value);
}
static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return CCURL_CALL(curl_easy_getinfo)(handle, info, value);
}
/// A string of the handle (valid until the next request or the cleanup), or NULL.
static inline CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    *value = NULL;
    return CCURL_CALL(curl_easy_getinfo)(handle, info, value);
}
static inline struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *line) {
    return CCURL_CALL(curl_slist_append)(list, line);
}
static inline void ccurl_slist_free_all(struct curl_slist *list) { CCURL_CALL(curl_slist_free_all)(list); }

#undef CCURL_CALL

/// Only http and https, whatever the URL says (file:, ftp:, ... are refused). libcurl before
/// 7.85 (Ubuntu 22.04) knows only the older option, and its headers not the newer one's name.
static inline CURLcode ccurl_only_http(CURL *handle) {
    const CURLoption protocolsString = (CURLoption)(CURLOPTTYPE_STRINGPOINT + 318);  // CURLOPT_PROTOCOLS_STR
    CURLcode code = ccurl_setopt_string(handle, protocolsString, "http,https");
    if (code == CURLE_UNKNOWN_OPTION) {
        code = ccurl_setopt_long(handle, (CURLoption)(CURLOPTTYPE_LONG + 181), CURLPROTO_HTTP | CURLPROTO_HTTPS);  // CURLOPT_PROTOCOLS
    }
    return code;
}

// MARK: - an answer's body, up to a limit

/// Where a request's answer is collected: at most `limit` bytes; one more sets `too_large` and
/// stops the transfer (CURLE_WRITE_ERROR).
struct ccurl_body {
    unsigned char *bytes;
    size_t count;
    size_t capacity;
    size_t limit;
    int too_large;
    int out_of_memory;
};

static inline size_t ccurl_body_write(char *data, size_t size, size_t items, void *context) {
    struct ccurl_body *body = (struct ccurl_body *)context;
    size_t length = size * items;
    if (length > body->limit - body->count) {
        body->too_large = 1;
        return 0;
    }
    if (body->count + length > body->capacity) {
        size_t capacity = body->capacity ? body->capacity : 4096;
        while (capacity < body->count + length) capacity *= 2;
        if (capacity > body->limit) capacity = body->limit;
        unsigned char *grown = (unsigned char *)realloc(body->bytes, capacity ? capacity : 1);
        if (grown == NULL) {
            body->out_of_memory = 1;
            return 0;
        }
        body->bytes = grown;
        body->capacity = capacity;
    }
    if (length) memcpy(body->bytes + body->count, data, length);
    body->count += length;
    return length;
}

/// Sends the handle's answer into `body` (kept alive by the caller until the cleanup).
static inline CURLcode ccurl_collect_body(CURL *handle, struct ccurl_body *body) {
    curl_write_callback write = ccurl_body_write;
    CURLcode code = ccurl_shared.api.fn_curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, write);
    if (code != CURLE_OK) return code;
    return ccurl_shared.api.fn_curl_easy_setopt(handle, CURLOPT_WRITEDATA, (void *)body);
}

static inline void ccurl_body_free(struct ccurl_body *body) {
    free(body->bytes);
    body->bytes = NULL;
    body->count = body->capacity = 0;
}

#endif
