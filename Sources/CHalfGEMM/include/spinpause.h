#ifndef WARDEN_SPINPAUSE_H
#define WARDEN_SPINPAUSE_H
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/// One spin-wait step: the x86 PAUSE instruction (a yield hint to the core; elsewhere nothing).
/// Every busy-wait loop of the kernel threads calls it, so that a waiting thread leaves the
/// core's execution units to the working one when the host runs both virtual CPUs on the two
/// hardware threads of one core, and does not flood the memory pipeline with loads of the flag.
static inline void warden_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}
#endif
