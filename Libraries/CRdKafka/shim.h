// librdkafka's C API (Debian's librdkafka-dev 2.0.2 headers). Only functions present in that
// header may be used; at run time a newer librdkafka 2.x may be loaded (see docs/).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
