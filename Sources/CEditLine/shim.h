#ifndef ENERGIFLOW_CEDITLINE_SHIM_H
#define ENERGIFLOW_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>

// Swift cannot call the variadic el_set, el_get and history; each wrapper
// below is one typed use of them.

// A function bound to a key with EL_ADDFN; returns one of the CC_* codes.
typedef unsigned char (*CEditLine_function)(EditLine *, int);

// A prompt function for EL_PROMPT; the string must stay valid until the next call.
typedef char *(*CEditLine_prompt_function)(EditLine *);

// el_set(EL_PROMPT): libedit calls it whenever it redraws the line.
static inline int CEditLine_set_prompt(EditLine *el, CEditLine_prompt_function prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

// el_set(EL_EDITOR): "emacs" or "vi" key bindings.
static inline int CEditLine_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

// el_set(EL_HIST): up/down and search walk this (narrow) History.
static inline int CEditLine_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

// el_set(EL_CLIENTDATA): the Swift object behind this EditLine, for callbacks.
static inline int CEditLine_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

// el_get(EL_CLIENTDATA).
static inline void *CEditLine_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

// el_set(EL_ADDFN): makes `function` bindable under `name`.
static inline int CEditLine_add_function(EditLine *el, const char *name, const char *help, CEditLine_function function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

// el_set(EL_BIND, key, name, NULL): binds a key ("^I", "^C") to a function name.
static inline int CEditLine_bind(EditLine *el, const char *key, const char *name) {
    return el_set(el, EL_BIND, key, name, (const char *)NULL);
}

// el_set(EL_SETTY, "-d", "-isig", NULL): while editing, ^C ^Z ^\ arrive as
// keys instead of signals, so Ctrl-C is handled on the reading thread.
static inline int CEditLine_edit_without_tty_signals(EditLine *el) {
    return el_set(el, EL_SETTY, "-d", "-isig", (const char *)NULL);
}

// el_set(EL_PREP_TERM): 1 = editing (raw) mode, 0 = the terminal's normal mode.
static inline int CEditLine_prepare_terminal(EditLine *el, int editing) {
    return el_set(el, EL_PREP_TERM, editing);
}

// el_get(EL_GETTC, "co"): the terminal width libedit uses (80 if unknown).
static inline int CEditLine_columns(EditLine *el) {
    int columns = 0;
    if (el_get(el, EL_GETTC, "co", &columns, (void *)NULL) != 0 || columns <= 0) return 80;
    return columns;
}

// history(H_SETSIZE): keep at most `size` entries.
static inline int CEditLine_history_set_size(History *h, HistEvent *ev, int size) {
    return history(h, ev, H_SETSIZE, size);
}

// history(H_SETUNIQUE): drop an entry equal to the one before it.
static inline int CEditLine_history_set_unique(History *h, HistEvent *ev, int unique) {
    return history(h, ev, H_SETUNIQUE, unique);
}

// history(H_ENTER): add an entry (libedit copies the string).
static inline int CEditLine_history_enter(History *h, HistEvent *ev, const char *entry) {
    return history(h, ev, H_ENTER, entry);
}

// history(H_CLEAR).
static inline int CEditLine_history_clear(History *h, HistEvent *ev) {
    return history(h, ev, H_CLEAR);
}

// history(H_LAST): the oldest entry; -1 when empty.
static inline int CEditLine_history_oldest(History *h, HistEvent *ev) {
    return history(h, ev, H_LAST);
}

// history(H_PREV): the next newer entry; -1 past the newest.
static inline int CEditLine_history_newer(History *h, HistEvent *ev) {
    return history(h, ev, H_PREV);
}

#endif
