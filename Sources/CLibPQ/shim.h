#ifndef ENERGIFLOW_CLIBPQ_SHIM_H
#define ENERGIFLOW_CLIBPQ_SHIM_H
#include <libpq-fe.h>

// The PG_DIAG_* field codes are character-literal macros, which Swift does
// not import; these constants carry them into Swift under a CLibPQ_ prefix.

/// PG_DIAG_SEVERITY_NONLOCALIZED: "ERROR", "FATAL", ... never translated.
static const int CLibPQ_DIAG_SEVERITY = PG_DIAG_SEVERITY_NONLOCALIZED;
/// PG_DIAG_SQLSTATE: the five-character SQLSTATE code.
static const int CLibPQ_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
/// PG_DIAG_MESSAGE_PRIMARY: the server's one-line message.
static const int CLibPQ_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
/// PG_DIAG_MESSAGE_DETAIL: optional second message with more detail.
static const int CLibPQ_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
/// PG_DIAG_MESSAGE_HINT: optional suggestion what to do.
static const int CLibPQ_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
/// PG_DIAG_STATEMENT_POSITION: 1-based character offset into the statement.
static const int CLibPQ_DIAG_STATEMENT_POSITION = PG_DIAG_STATEMENT_POSITION;
/// PG_DIAG_CONSTRAINT_NAME: the constraint a violation names.
static const int CLibPQ_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;
/// PG_DIAG_TABLE_NAME: the table an error names.
static const int CLibPQ_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
/// PG_DIAG_COLUMN_NAME: the column an error names.
static const int CLibPQ_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;

#endif
