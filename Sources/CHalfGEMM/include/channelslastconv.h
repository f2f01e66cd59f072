#ifndef WARDEN_CHANNELSLASTCONV_H
#define WARDEN_CHANNELSLASTCONV_H
#include <stddef.h>
#include <stdint.h>

/// Panel width of the packed weights: W [k, n] is stored as ceil(n / 32) panels, each k rows of
/// 32 values (columns past n are zero), so a micro-kernel streams one panel contiguously.
/// Values are float32, or IEEE halves (exact for weights stored as fp16).
#define WARDEN_CLCONV_PANEL 32

/// Number of values `warden_clconv_pack` (or `_pack_half`) writes for W [k, n].
size_t warden_clconv_packed_count(int k, int n);

/// Packs W [k, n] (row-major) into 32-column panels. Done once, when a layer is loaded.
void warden_clconv_pack(const float *w, int k, int n, float *packed);

/// The same for W [k, n] given as IEEE half bit patterns.
void warden_clconv_pack_half(const uint16_t *w, int k, int n, uint16_t *packed);

/// One convolution over channels-last activations as an implicit matrix product, read in place:
/// output pixel (oy, ox) starts reading at `input + oy·stride_y·in_row_stride + ox·stride_x·in_pixel_stride`
/// and reads `taps` runs of `run` contiguous floats, `tap_stride` floats apart. For a KHxKW kernel
/// over an NHWC map that is already zero-padded, taps = KH, run = KW·C, tap_stride = the padded
/// row's length; for a 1x1 layer taps = 1, run = C. Reduction index k = tap·run + i matches the
/// packed weight's rows. No read falls outside those runs, so the caller pads the input.
///
/// The epilogue is fused: out = relu?(conv + bias (+ residual)), written at
/// `output + oy·out_row_stride + ox·out_pixel_stride` (channel j at +j); the residual, when not
/// NULL, is read at the same offsets from `residual` (which may equal `output`: accumulate).
typedef struct warden_clconv_problem {
    const float *input;
    long in_row_stride;
    long in_pixel_stride;
    int stride_y;
    int stride_x;
    int taps;
    long tap_stride;
    int run;
    int out_height;
    int out_width;
    float *output;
    long out_row_stride;
    long out_pixel_stride;
    const void *packed;    /// from warden_clconv_pack (float) or _pack_half, k = taps·run rows
    int half;              /// 1: `packed` holds halves
    int n;                 /// output channels
    const float *bias;     /// n values, or NULL
    const float *residual; /// same layout as the output, or NULL
    int relu;
    int isa_limit;         /// 0: best available; 1: AVX2 at most; 2: scalar (tests of the fallbacks)
} warden_clconv_problem;

/// Independent work items of the problem (blocks of output pixels x weight panels); two threads
/// may run disjoint item ranges of the same problem at once (they write disjoint outputs).
int warden_clconv_item_count(const warden_clconv_problem *problem);

/// Runs items [item_begin, item_end).
void warden_clconv_run(const warden_clconv_problem *problem, int item_begin, int item_end);

/// Runs items of a problem shared by exactly two threads that take them from opposite ends,
/// until none is left, and returns how many this thread ran: the thread with
/// `from_back` 0 takes items 0, 1, 2, ... and the other count-1, count-2, ..., each claim made on `*claims` (64 bits, 0 at the start: front claims in the low half, back
/// claims in the high half) so that no item is taken twice. Items run pixel block by pixel block
/// (all weight panels of a block), so each thread writes every channel of its own stretch of
/// output pixels, and the next layer, split the same way, reads mostly what its own core wrote.
/// A thread that starts late or is descheduled only delays the item it holds; the other takes the
/// rest. A thread that arrives after the last item was claimed reads only the problem's counts.
int warden_clconv_run_shared_ends(const warden_clconv_problem *problem, uint64_t *claims, int from_back);


/// The instruction set the kernel uses on this CPU: "avx512f+f16c", "avx2+fma+f16c" or "scalar".
const char *warden_clconv_isa(void);
#endif
