#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its <unicode/*.h> headers clash with Foundation's own ICU module.
   Nothing here needs libxml2's ICU API, so hide it. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
