// libpng through pkg-config `libpng` (Debian: libpng-dev). Only the simplified png_image_* API is
// used: the classic API reports errors by longjmp, which Swift cannot survive.
#include <png.h>
