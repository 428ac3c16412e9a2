// Fixed-arity wrappers over libedit's native API (histedit.h) for Swift.
//
// el_set, el_get and history are C-variadic, which Swift cannot call; each wrapper below
// fixes one operation's argument list. Every function is `static inline`, so this system
// library target needs no compiled C code.
#ifndef SALESSIM_CEDITLINE_SHIM_H
#define SALESSIM_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <stddef.h>
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>

// glibc declares wcwidth only under _XOPEN_SOURCE, which Swift's Glibc module does not set.
extern int wcwidth(wchar_t c);

/// Prompt callback: returns the prompt for the EditLine (kept alive by the caller).
typedef char *(*cel_prompt_fn)(EditLine *);
/// Editor function callback for EL_ADDFN: returns one of the CC_* codes.
typedef unsigned char (*cel_command_fn)(EditLine *, int);

// `stdin`/`stdout` are mutable C globals that Swift 6 flags as not concurrency-safe.
static inline FILE *cel_stdin(void) { return stdin; }
static inline FILE *cel_stdout(void) { return stdout; }
static inline FILE *cel_stderr(void) { return stderr; }

// MARK: - el_set / el_get

static inline int cel_set_editor(EditLine *e, const char *mode) {
    return el_set(e, EL_EDITOR, mode);
}
static inline int cel_set_signal(EditLine *e, int on) {
    return el_set(e, EL_SIGNAL, on);
}
/// Prompt whose non-printing sequences (colours) are bracketed by `ignore` characters.
static inline int cel_set_prompt_esc(EditLine *e, cel_prompt_fn fn, char ignore) {
    return el_set(e, EL_PROMPT_ESC, fn, ignore);
}
static inline int cel_set_hist(EditLine *e, History *h) {
    return el_set(e, EL_HIST, history, h);
}
static inline int cel_add_function(EditLine *e, const char *name, const char *help, cel_command_fn fn) {
    return el_set(e, EL_ADDFN, name, help, fn);
}
/// Binds one key sequence (e.g. "^I", "\\e[1;5D") to an editor function by name.
static inline int cel_bind(EditLine *e, const char *key, const char *function) {
    return el_set(e, EL_BIND, key, function, (const char *)NULL);
}
/// `setty` with two arguments, e.g. ("-d", "-isig"): clears ISIG in the editing tty mode.
static inline int cel_setty2(EditLine *e, const char *a, const char *b) {
    return el_set(e, EL_SETTY, a, b, (const char *)NULL);
}
static inline int cel_set_clientdata(EditLine *e, void *data) {
    return el_set(e, EL_CLIENTDATA, data);
}
static inline void *cel_get_clientdata(EditLine *e) {
    void *data = NULL;
    if (el_get(e, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
/// Terminal width in columns as libedit knows it (updated on SIGWINCH), or 0.
static inline int cel_get_columns(EditLine *e) {
    int columns = 0;
    if (el_get(e, EL_GETTC, "co", &columns, (void *)NULL) != 0) return 0;
    return columns;
}

// MARK: - history

static inline int cel_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int cel_history_setunique(History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}
static inline int cel_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int cel_history_clear(History *h) {
    HistEvent ev;
    return history(h, &ev, H_CLEAR);
}

// MARK: - locale

/// Name of the LC_CTYPE codeset ("UTF-8", "ANSI_X3.4-1968", ...).
static inline const char *cel_codeset(void) { return nl_langinfo(CODESET); }

#endif
