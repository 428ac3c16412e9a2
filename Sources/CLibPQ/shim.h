// libpq, PostgreSQL's own client library, for Swift, loaded when first needed.
//
// The binary does not link libpq: its types and constants come from libpq-fe.h (Debian:
// libpq-dev), its functions from libpq.so.5 (Debian: libpq5), opened with dlopen by `cpq_load`
// the first time a server store is opened or a postgres:// URL is read. A visit that uses an
// SQLite store never maps libpq nor its TLS, Kerberos and LDAP libraries.
//
// Swift calls the `cpq_*` wrappers below, one per libpq function the store uses (same
// arguments, same result). `cpq_load` must have succeeded before any of them is called;
// `cpq_connectdbParams` and `cpq_conninfoParse` check it themselves and answer NULL otherwise,
// and every other wrapper takes an object only a loaded libpq can have made.
//
// Every function is `static inline` and the table is one weak definition, so this system
// library target needs no compiled C code and the table is shared by every Swift file that
// uses it. NB: SwiftPM does not notice edits to this header; touch a Swift file of
// PostgresBackend (or clean) after changing it.
#ifndef SALESSIM_CLIBPQ_SHIM_H
#define SALESSIM_CLIBPQ_SHIM_H

// NB: Debian puts libpq-fe.h in postgresql/; the header's own includes are relative to it.
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stddef.h>

/// The shared library opened on first use, and the Debian package that installs it.
#ifdef __APPLE__
#define CPQ_LIBRARY "libpq.5.dylib"
#else
#define CPQ_LIBRARY "libpq.so.5"
#endif
#define CPQ_PACKAGE "libpq5"

/// Every libpq function the store calls (PostgresBackend: LibPQ.swift, PostgresURL.swift).
#define CPQ_FUNCTIONS(X) \
    X(PQconnectdbParams) X(PQexecParams) X(PQexec) X(PQclear) X(PQerrorMessage) X(PQstatus) \
    X(PQresultStatus) X(PQresultErrorField) X(PQresultErrorMessage) X(PQgetResult) X(PQfinish) \
    X(PQuser) X(PQputCopyData) X(PQputCopyEnd) X(PQntuples) X(PQnfields) X(PQgetvalue) \
    X(PQgetisnull) X(PQftype) X(PQfname) X(PQfreemem) X(PQconninfoParse) X(PQconninfoFree)

/// The functions, typed by libpq-fe.h's own declarations.
struct cpq_api {
#define CPQ_FIELD(name) __typeof__(&name) fn_##name;
    CPQ_FUNCTIONS(CPQ_FIELD)
#undef CPQ_FIELD
};

/// Opens `library` and resolves every function of the table into `api`: 0, or -1 with the
/// reason (dlopen's message, or the missing function) in `error`. The library stays open.
static inline int cpq_open(const char *library, struct cpq_api *api, char *error, size_t size) {
    dlerror();
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(error, size, "%s", why != NULL ? why : "dlopen failed");
        return -1;
    }
#define CPQ_RESOLVE(name)                                                         \
    api->fn_##name = (__typeof__(&name))dlsym(handle, #name);                     \
    if (api->fn_##name == NULL) {                                                 \
        snprintf(error, size, "%s has no function %s (too old?)", library, #name); \
        dlclose(handle);                                                          \
        return -1;                                                                \
    }
    CPQ_FUNCTIONS(CPQ_RESOLVE)
#undef CPQ_RESOLVE
    return 0;
}

/// The process's table: filled once, by the first `cpq_load`.
struct cpq_state {
    struct cpq_api api;
    int loaded;
    char error[512];
};
// NB: initialised: Swift emits a header's tentative definition as a mere (undefined) reference.
__attribute__((weak)) struct cpq_state cpq_shared = { .loaded = 0 };
__attribute__((weak)) pthread_once_t cpq_shared_once = PTHREAD_ONCE_INIT;

static inline void cpq_load_once(void) {
    cpq_shared.loaded = cpq_open(CPQ_LIBRARY, &cpq_shared.api, cpq_shared.error, sizeof cpq_shared.error) == 0;
}

/// Loads libpq on the first call (thread-safe; later calls answer at once): NULL when it is
/// loaded, else why not (the same answer for the rest of the process).
static inline const char *cpq_load(void) {
    pthread_once(&cpq_shared_once, cpq_load_once);
    return cpq_shared.loaded ? NULL : cpq_shared.error;
}

/// Whether `library` can be opened and has every function, without touching the process's
/// table: NULL, or why not, in `error` (for tests and diagnostics).
static inline const char *cpq_probe(const char *library, char *error, size_t size) {
    struct cpq_api scratch;
    return cpq_open(library, &scratch, error, size) == 0 ? NULL : error;
}

// MARK: - the wrappers

#define CPQ_CALL(name) (cpq_shared.api.fn_##name)

static inline PGconn *cpq_connectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    if (cpq_load() != NULL) return NULL;
    return CPQ_CALL(PQconnectdbParams)(keywords, values, expand_dbname);
}
static inline PQconninfoOption *cpq_conninfoParse(const char *conninfo, char **errmsg) {
    if (errmsg != NULL) *errmsg = NULL;
    if (cpq_load() != NULL) return NULL;
    return CPQ_CALL(PQconninfoParse)(conninfo, errmsg);
}
static inline void cpq_conninfoFree(PQconninfoOption *options) { CPQ_CALL(PQconninfoFree)(options); }
static inline void cpq_freemem(void *pointer) { CPQ_CALL(PQfreemem)(pointer); }
static inline void cpq_finish(PGconn *conn) { CPQ_CALL(PQfinish)(conn); }
static inline ConnStatusType cpq_status(const PGconn *conn) { return CPQ_CALL(PQstatus)(conn); }
static inline char *cpq_errorMessage(const PGconn *conn) { return CPQ_CALL(PQerrorMessage)(conn); }
static inline char *cpq_user(const PGconn *conn) { return CPQ_CALL(PQuser)(conn); }
static inline PGresult *cpq_exec(PGconn *conn, const char *query) { return CPQ_CALL(PQexec)(conn, query); }
static inline PGresult *cpq_execParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                                       const char *const *paramValues, const int *paramLengths,
                                       const int *paramFormats, int resultFormat) {
    return CPQ_CALL(PQexecParams)(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
static inline PGresult *cpq_getResult(PGconn *conn) { return CPQ_CALL(PQgetResult)(conn); }
static inline int cpq_putCopyData(PGconn *conn, const char *buffer, int nbytes) { return CPQ_CALL(PQputCopyData)(conn, buffer, nbytes); }
static inline int cpq_putCopyEnd(PGconn *conn, const char *errormsg) { return CPQ_CALL(PQputCopyEnd)(conn, errormsg); }
static inline void cpq_clear(PGresult *res) { CPQ_CALL(PQclear)(res); }
static inline ExecStatusType cpq_resultStatus(const PGresult *res) { return CPQ_CALL(PQresultStatus)(res); }
static inline char *cpq_resultErrorField(const PGresult *res, int fieldcode) { return CPQ_CALL(PQresultErrorField)(res, fieldcode); }
static inline char *cpq_resultErrorMessage(const PGresult *res) { return CPQ_CALL(PQresultErrorMessage)(res); }
static inline int cpq_ntuples(const PGresult *res) { return CPQ_CALL(PQntuples)(res); }
static inline int cpq_nfields(const PGresult *res) { return CPQ_CALL(PQnfields)(res); }
static inline char *cpq_fname(const PGresult *res, int field_num) { return CPQ_CALL(PQfname)(res, field_num); }
static inline Oid cpq_ftype(const PGresult *res, int field_num) { return CPQ_CALL(PQftype)(res, field_num); }
static inline char *cpq_getvalue(const PGresult *res, int tup_num, int field_num) { return CPQ_CALL(PQgetvalue)(res, tup_num, field_num); }
static inline int cpq_getisnull(const PGresult *res, int tup_num, int field_num) { return CPQ_CALL(PQgetisnull)(res, tup_num, field_num); }

#undef CPQ_CALL

#endif
