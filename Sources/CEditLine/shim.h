// Fixed-arity wrappers over libedit's native API (histedit.h) for Swift.
//
// el_set, el_get and history are C-variadic, which Swift cannot call; each wrapper below
// fixes one operation's argument list. Besides: a key reader that takes window-size changes
// safely, and locale helpers. Every function is `static`, so this system library target
// needs no compiled C code. NB: SwiftPM does not notice edits to this header; touch a Swift
// file of LineEditor (or clean) after changing it.
#ifndef SALESSIM_CEDITLINE_SHIM_H
#define SALESSIM_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <stddef.h>
#include <errno.h>
#include <unistd.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/ioctl.h>
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

// MARK: - window-size changes handled outside signal context

// libedit's own SIGWINCH handler calls el_resize, which frees and allocates the display
// buffers, from inside the handler: a resize that lands mid-redraw corrupts the line on
// screen (seen: the prompt drawn as "dem "), and one that lands inside malloc can deadlock.
// Instead, SIGWINCH stays blocked while el_gets runs (cel_block_winch) except while this
// read function waits for a key in pselect; there a no-op handler interrupts the wait and
// el_resize runs in normal context. libedit keeps handling every other signal (EL_SIGNAL).

static void cel_winch_noop(int signo) { (void)signo; }

/// EL_GETCFN: one character from standard input, decoded in the LC_CTYPE locale as
/// libedit's built-in reader does (an invalid byte is dropped). 1 on success, 0 at end of
/// file, -1 on error.
/// The prompt's width in columns, set by the reader for `cel_place_cursor`.
static int cel_prompt_columns = 0;
static inline void cel_set_prompt_columns(int columns) { cel_prompt_columns = columns; }

/// libedit 20221030 draws the cursor one column right of where it is after a character is
/// inserted before wide (CJK) text in the middle of a line: its incremental redraw counts a wide
/// character's columns wrongly when it shifts the rest of the line, though it keeps the right
/// position itself. Before each key is read, when the line has wide characters, the cursor is not
/// at its end and the line fits on one terminal row, the cursor is put where it belongs: the
/// prompt's width plus the width of the characters before it (a carriage return, then a move
/// right).
static inline void cel_place_cursor(EditLine *e) {
    const LineInfoW *line = el_wline(e);
    if (line == NULL || line->cursor >= line->lastchar) return;
    int wide = 0, before = 0, total = 0;
    for (const wchar_t *p = line->buffer; p < line->lastchar; p++) {
        int w = wcwidth(*p);
        if (w < 0) w = 0;
        if (w > 1) wide = 1;
        if (p < line->cursor) before += w;
        total += w;
    }
    if (!wide) return;
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return;
    if (cel_prompt_columns + total >= size.ws_col) return;
    char move[32];
    int column = cel_prompt_columns + before;
    int n = column > 0 ? snprintf(move, sizeof move, "\r\033[%dC", column) : snprintf(move, sizeof move, "\r");
    if (n > 0) {
        fflush(stdout);
        ssize_t written = write(STDOUT_FILENO, move, (size_t)n);
        (void)written;
    }
}

static inline int cel_read_char(EditLine *e, wchar_t *out) {
    cel_place_cursor(e);
    // Replaces libedit's handler (installed by each el_gets); el_gets restores the
    // original disposition when it returns.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = cel_winch_noop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGWINCH, &action, NULL);
    sigset_t waiting;
    pthread_sigmask(SIG_SETMASK, NULL, &waiting);
    sigdelset(&waiting, SIGWINCH);

    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        fd_set readable;
        FD_ZERO(&readable);
        FD_SET(STDIN_FILENO, &readable);
        int ready = pselect(STDIN_FILENO + 1, &readable, NULL, NULL, NULL, &waiting);
        int waitErrno = errno;
        // A pending SIGWINCH is delivered inside pselect, which may still report input
        // rather than EINTR: check the size after every wait (an ioctl; libedit only
        // reallocates when the size changed).
        el_resize(e);
        if (ready < 0) {
            if (waitErrno != EINTR) return -1;
            continue;
        }
        char byte;
        ssize_t n = read(STDIN_FILENO, &byte, 1);
        if (n == 0) return 0;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        bytes[count++] = byte;
        for (;;) {
            mbstate_t state;
            memset(&state, 0, sizeof state);
            wchar_t wc = 0;
            size_t r = mbrtowc(&wc, bytes, count, &state);
            if (r == (size_t)-2 && count < sizeof bytes) break;  // incomplete: read more
            if (r == (size_t)-1 || r == (size_t)-2) {
                // Invalid: drop it, but the last byte may start a valid character.
                if (count > 1) {
                    bytes[0] = bytes[count - 1];
                    count = 1;
                    continue;
                }
                count = 0;
                break;
            }
            *out = wc;  // r == 0 is a NUL byte, wc == 0
            return 1;
        }
    }
}

static inline int cel_set_resize_safe_reader(EditLine *e) {
    return el_set(e, EL_GETCFN, cel_read_char);
}

/// Blocks SIGWINCH in the calling thread; `previous` receives the mask to restore.
static inline int cel_block_winch(sigset_t *previous) {
    sigset_t winch;
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    return pthread_sigmask(SIG_BLOCK, &winch, previous);
}

static inline int cel_restore_signal_mask(const sigset_t *previous) {
    return pthread_sigmask(SIG_SETMASK, previous, NULL);
}

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
