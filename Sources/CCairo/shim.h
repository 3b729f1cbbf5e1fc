#ifndef CONSIGN_CCAIRO_SHIM_H
#define CONSIGN_CCAIRO_SHIM_H
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-ft.h>
#endif
