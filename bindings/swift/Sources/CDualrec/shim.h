/* Brings the installed C header into the CDualrec module. */
#include <dualrec.h>
