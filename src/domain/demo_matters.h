/* demo_matters.h - registers the demo's matters and meetings with demo.h. */
#ifndef LJ_DEMO_MATTERS_H
#define LJ_DEMO_MATTERS_H

#include "domain/demo.h"

void demo_matters_init(void);

#endif
