// libpng through pkg-config `libpng` (Debian: libpng-dev). Only the simplified png_image_* API is
// used: the classic API reports errors by longjmp, which Swift cannot survive.
#include <png.h>

// Composite macros Swift does not import, as constants.
static const png_uint_32 WARDEN_PNG_FORMAT_RGBA = PNG_FORMAT_RGBA;
static const png_uint_32 WARDEN_PNG_IMAGE_FLAG_16BIT_SRGB = PNG_IMAGE_FLAG_16BIT_sRGB;
