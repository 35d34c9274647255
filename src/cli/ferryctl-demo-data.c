#include "ferryctl.h"
int ferryctl_demo_data (int argc, char **argv) { return 1; }
