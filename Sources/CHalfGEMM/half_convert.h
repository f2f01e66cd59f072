// IEEE half <-> float conversion shared by the C kernels of this target (private header, not in
// include/): the scalar paths use it; the vector paths use F16C.
#ifndef WARDEN_HALF_CONVERT_H
#define WARDEN_HALF_CONVERT_H
#include <stdint.h>
#include <string.h>

/// IEEE half -> float, exact (subnormals, infinities and NaNs included).
static inline float warden_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exponent = (h >> 10) & 0x1fu;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t x;
    if (exponent == 0) {
        if (mantissa == 0) {
            x = sign;
        } else {
            int e = -1;
            do { e++; mantissa <<= 1; } while (!(mantissa & 0x400u));
            x = sign | ((uint32_t)(127 - 15 - e) << 23) | ((mantissa & 0x3ffu) << 13);
        }
    } else if (exponent == 31) {
        x = sign | 0x7f800000u | (mantissa << 13);
    } else {
        x = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float value;
    memcpy(&value, &x, 4);
    return value;
}

#endif
