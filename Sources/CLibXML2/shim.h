#ifndef CONSIGN_CLIBXML2_SHIM_H
#define CONSIGN_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its encoding.h would then pull the system ICU headers, which
// clash with Foundation's own ICU module. Consign never touches the ICU converter fields.
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

/// Frees memory libxml2 allocated (xmlFree is a global function pointer, awkward from Swift).
static inline void consign_xml_free(void *pointer) {
    xmlFree(pointer);
}

static void consign_xml_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Silences libxml2's generic (variadic, printf-style) error channel for the calling thread,
/// so nothing reaches stderr; the readers report errors through their structured handlers.
static inline void consign_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, consign_xml_ignore_generic_error);
}
#endif
