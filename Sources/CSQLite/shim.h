#ifndef CONSIGN_CSQLITE_SHIM_H
#define CONSIGN_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type consign_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// sqlite3_db_config is variadic; this wrapper sets one integer option.
static inline int consign_sqlite_db_config_int(sqlite3 *db, int op, int value) {
    return sqlite3_db_config(db, op, value, (int *)0);
}

/// sqlite3_config is variadic; this wrapper turns off memory statistics, which take a global
/// mutex around every allocation SQLite makes. Must run before the first connection opens.
static inline int consign_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
