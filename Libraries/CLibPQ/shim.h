// libpq's C API (Debian's libpq-dev).
#include <libpq-fe.h>
