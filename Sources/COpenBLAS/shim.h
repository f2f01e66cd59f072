// OpenBLAS through pkg-config `openblas` (Debian: libopenblas-dev, pthread variant).
#include <cblas.h>
