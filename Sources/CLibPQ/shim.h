// libpq, PostgreSQL's own client library (Debian: libpq-dev, pkg-config: libpq), for Swift.
//
// Swift calls libpq's functions directly; this header only includes it. The store uses the
// synchronous API: PQconnectdbParams, PQexecParams with text-format parameters, COPY FROM STDIN.
#ifndef SALESSIM_CLIBPQ_SHIM_H
#define SALESSIM_CLIBPQ_SHIM_H

#include <libpq-fe.h>

#endif
