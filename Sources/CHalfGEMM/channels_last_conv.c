// Convolutions over channels-last (NHWC) activations as implicit matrix products, for the
// ResNet of open_nsfw.
//
// OpenBLAS repacks both operands on every sgemm call, and an im2col for the 3x3 and 7x7 layers
// copies each input value KHxKW times; on a 224x224 ResNet-50-1by2 that packing and copying is a
// quarter of the time. Here the weights are packed once, at load, into 32-column panels (IEEE
// halves when every weight is exactly a half, as open_nsfw's fp16 file gives them: half the
// bytes to stream from L3 at no loss; float32 otherwise), and the
// micro-kernel reads the activations where they lie: for an output pixel it walks KH runs of
// KW·C contiguous floats of an already zero-padded NHWC map (one run of C floats for a 1x1
// layer, strided or not), so no im2col and no gather copy is made. Bias, residual and ReLU are
// applied to the accumulators before the one store.
//
// Work is split into items (a block of output pixels x one weight panel): the pixel block keeps
// its activations in L2 while each panel's weights (at most k x 32 floats) stay in L1/L2 across
// the block's tiles. Runtime dispatch picks AVX-512F, AVX2+FMA or a portable scalar path.
#include "channelslastconv.h"
#include "half_convert.h"
#include "half_isa.h"
#include <immintrin.h>
#include <string.h>

#define NR WARDEN_CLCONV_PANEL
#define MR512 10
#define MR256 3
#define MAX_MR 12

size_t warden_clconv_packed_count(int k, int n) {
    return (size_t)((n + NR - 1) / NR) * (size_t)k * NR;
}

void warden_clconv_pack(const float *w, int k, int n, float *packed) {
    int panels = (n + NR - 1) / NR;
    for (int p = 0; p < panels; p++) {
        float *panel = packed + (size_t)p * k * NR;
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < NR; j++) {
                int column = p * NR + j;
                panel[(size_t)r * NR + j] = column < n ? w[(size_t)r * n + column] : 0;
            }
        }
    }
}

void warden_clconv_pack_half(const uint16_t *w, int k, int n, uint16_t *packed) {
    int panels = (n + NR - 1) / NR;
    for (int p = 0; p < panels; p++) {
        uint16_t *panel = packed + (size_t)p * k * NR;
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < NR; j++) {
                int column = p * NR + j;
                panel[(size_t)r * NR + j] = column < n ? w[(size_t)r * n + column] : 0;
            }
        }
    }
}

// Output pixels per block: at most about 384 KiB of activations (k floats per pixel), and at
// least 24 items in all (two threads take items as they go, so smaller items leave less idle
// time at the end of a layer); blocks of equal size.
static int block_pixels(const warden_clconv_problem *p) {
    int m = p->out_height * p->out_width, k = p->taps * p->run;
    int panels = (p->n + NR - 1) / NR;
    int largest = 98304 / (k > 0 ? k : 1);
    if (largest < 4 * MAX_MR) largest = 4 * MAX_MR;
    int blocks = (m + largest - 1) / largest;
    int wanted = (24 + panels - 1) / panels, most = (m + 2 * MAX_MR - 1) / (2 * MAX_MR);
    if (blocks < wanted) blocks = wanted < most ? wanted : most;
    if (blocks < 1) blocks = 1;
    if ((blocks * panels) % 2 == 1 && blocks < most) blocks++;
    return (m + blocks - 1) / blocks;
}

int warden_clconv_item_count(const warden_clconv_problem *p) {
    int m = p->out_height * p->out_width;
    if (m <= 0 || p->n <= 0) return 0;
    int block = block_pixels(p);
    return ((m + block - 1) / block) * ((p->n + NR - 1) / NR);
}

// One tile: R output pixels (row pointers a, c) times one weight panel (k x 32, float32 or half).
// The residual rows `res` are NULL when the problem has none.
typedef void (*tile_fn)(int rows, const warden_clconv_problem *p, const float *const *a, float *const *c,
                        const float *const *res, const void *panel, const float *bias, int width);

__attribute__((target("avx512f,fma,f16c"), always_inline)) static inline void
tile_512(const int R, const int HALF, const warden_clconv_problem *p, const float *const *a, float *const *c,
         const float *const *res, const void *panel, const float *bias, int width) {
    const float *w = (const float *)panel;
    const uint16_t *h = (const uint16_t *)panel;
    __m512 acc0[MR512], acc1[MR512];
    const float *row[MR512];
    for (int r = 0; r < R; r++) {
        acc0[r] = _mm512_setzero_ps();
        acc1[r] = _mm512_setzero_ps();
        row[r] = a[r];
    }
    // One flat loop over k (the tap change is a rarely taken branch), so that the accumulators
    // stay in registers: with a nested tap loop clang spills them on every step.
    const int run = p->run, k = p->taps * run;
    const long skip = p->tap_stride - run;
    long offset = 0;
    int i = 0;
    for (int kk = 0; kk < k; kk++) {
        __m512 w0, w1;
        if (HALF) {
            w0 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)h));
            w1 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(h + 16)));
            h += NR;
        } else {
            w0 = _mm512_loadu_ps(w);
            w1 = _mm512_loadu_ps(w + 16);
            w += NR;
        }
        for (int r = 0; r < R; r++) {
            __m512 x = _mm512_set1_ps(row[r][offset]);
            acc0[r] = _mm512_fmadd_ps(x, w0, acc0[r]);
            acc1[r] = _mm512_fmadd_ps(x, w1, acc1[r]);
        }
        offset++;
        if (++i == run) {
            i = 0;
            offset += skip;
        }
    }
    __mmask16 m0 = width >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << width) - 1u);
    __mmask16 m1 = width >= 32 ? (__mmask16)0xffff : width > 16 ? (__mmask16)((1u << (width - 16)) - 1u) : 0;
    __m512 b0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();
    __m512 b1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();
    const __m512 zero = _mm512_setzero_ps();
    for (int r = 0; r < R; r++) {
        __m512 v0 = _mm512_add_ps(acc0[r], b0), v1 = _mm512_add_ps(acc1[r], b1);
        if (res) {
            v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, res[r]));
            v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, res[r] + 16));
        }
        if (p->relu) {
            v0 = _mm512_max_ps(v0, zero);
            v1 = _mm512_max_ps(v1, zero);
        }
        _mm512_mask_storeu_ps(c[r], m0, v0);
        _mm512_mask_storeu_ps(c[r] + 16, m1, v1);
    }
}

#define TILES_512(NAME, HALF)                                                                       \
    __attribute__((target("avx512f,fma,f16c"))) static void                                         \
    NAME(int rows, const warden_clconv_problem *p, const float *const *a, float *const *c,          \
         const float *const *res, const void *w, const float *bias, int width) {                    \
        switch (rows) {                                                                             \
        case 10: tile_512(10, HALF, p, a, c, res, w, bias, width); break;                           \
        case 9: tile_512(9, HALF, p, a, c, res, w, bias, width); break;                             \
        case 8: tile_512(8, HALF, p, a, c, res, w, bias, width); break;                             \
        case 7: tile_512(7, HALF, p, a, c, res, w, bias, width); break;                             \
        case 6: tile_512(6, HALF, p, a, c, res, w, bias, width); break;                             \
        case 5: tile_512(5, HALF, p, a, c, res, w, bias, width); break;                             \
        case 4: tile_512(4, HALF, p, a, c, res, w, bias, width); break;                             \
        case 3: tile_512(3, HALF, p, a, c, res, w, bias, width); break;                             \
        case 2: tile_512(2, HALF, p, a, c, res, w, bias, width); break;                             \
        default: tile_512(1, HALF, p, a, c, res, w, bias, width); break;                            \
        }                                                                                           \
    }
TILES_512(tiles_512_float, 0)
TILES_512(tiles_512_half, 1)

// AVX2: a panel is four 8-lane vectors; 3 rows keep 12 accumulators, one weight vector at a time.
__attribute__((target("avx2,fma,f16c"), always_inline)) static inline void
tile_256(const int R, const int HALF, const warden_clconv_problem *p, const float *const *a, float *const *c,
         const float *const *res, const void *panel, const float *bias, int width) {
    const float *w = (const float *)panel;
    const uint16_t *h = (const uint16_t *)panel;
    __m256 acc[MR256][4];
    const float *row[MR256];
    for (int r = 0; r < R; r++) {
        for (int j = 0; j < 4; j++) acc[r][j] = _mm256_setzero_ps();
        row[r] = a[r];
    }
    const int run = p->run;
    for (int t = 0; t < p->taps; t++) {
        for (int i = 0; i < run; i++) {
            __m256 x[MR256];
            for (int r = 0; r < R; r++) x[r] = _mm256_broadcast_ss(row[r] + i);
            for (int j = 0; j < 4; j++) {
                __m256 wj = HALF ? _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(h + 8 * j))) : _mm256_loadu_ps(w + 8 * j);
                for (int r = 0; r < R; r++) acc[r][j] = _mm256_fmadd_ps(x[r], wj, acc[r][j]);
            }
            w += NR;
            h += NR;
        }
        for (int r = 0; r < R; r++) row[r] += p->tap_stride;
    }
    for (int r = 0; r < R; r++) {
        float out[NR];
        for (int j = 0; j < 4; j++) _mm256_storeu_ps(out + 8 * j, acc[r][j]);
        for (int j = 0; j < width; j++) {
            float v = out[j] + (bias ? bias[j] : 0);
            if (res) v += res[r][j];
            if (p->relu && !(v > 0)) v = 0;
            c[r][j] = v;
        }
    }
}

#define TILES_256(NAME, HALF)                                                                       \
    __attribute__((target("avx2,fma,f16c"))) static void                                            \
    NAME(int rows, const warden_clconv_problem *p, const float *const *a, float *const *c,          \
         const float *const *res, const void *w, const float *bias, int width) {                    \
        switch (rows) {                                                                             \
        case 3: tile_256(3, HALF, p, a, c, res, w, bias, width); break;                             \
        case 2: tile_256(2, HALF, p, a, c, res, w, bias, width); break;                             \
        default: tile_256(1, HALF, p, a, c, res, w, bias, width); break;                            \
        }                                                                                           \
    }
TILES_256(tiles_256_float, 0)
TILES_256(tiles_256_half, 1)

static void tiles_scalar(int rows, const warden_clconv_problem *p, const float *const *a, float *const *c,
                         const float *const *res, const void *panel, const float *bias, int width) {
    for (int r = 0; r < rows; r++) {
        float acc[NR] = {0};
        const float *x = a[r];
        size_t index = 0;
        for (int t = 0; t < p->taps; t++) {
            for (int i = 0; i < p->run; i++) {
                float v = x[i];
                for (int j = 0; j < NR; j++, index++) {
                    float weight = p->half ? warden_half_to_float(((const uint16_t *)panel)[index]) : ((const float *)panel)[index];
                    acc[j] += v * weight;
                }
            }
            x += p->tap_stride;
        }
        for (int j = 0; j < width; j++) {
            float v = acc[j] + (bias ? bias[j] : 0);
            if (res) v += res[r][j];
            if (p->relu && !(v > 0)) v = 0;
            c[r][j] = v;
        }
    }
}

static void run_items(const warden_clconv_problem *p, int item_begin, int item_end, tile_fn tiles, int mr) {
    const int m = p->out_height * p->out_width, k = p->taps * p->run;
    const int panels = (p->n + NR - 1) / NR, block = block_pixels(p);
    const size_t element = p->half ? sizeof(uint16_t) : sizeof(float);
    const float *a[MAX_MR], *res[MAX_MR];
    float *c[MAX_MR];
    for (int item = item_begin; item < item_end; item++) {
        int q_begin = (item / panels) * block, panel = item % panels;
        int q_end = q_begin + block < m ? q_begin + block : m;
        int column = panel * NR, width = p->n - column < NR ? p->n - column : NR;
        const void *w = (const char *)p->packed + (size_t)panel * k * NR * element;
        const float *bias = p->bias ? p->bias + column : 0;
        int oy = q_begin / p->out_width, ox = q_begin % p->out_width;
        for (int q = q_begin; q < q_end;) {
            int left = q_end - q;
            int rows = left >= 2 * mr ? mr : left > mr ? (left + 1) / 2 : left;  // no tiny last tile
            for (int r = 0; r < rows; r++) {
                a[r] = p->input + oy * p->stride_y * p->in_row_stride + (long)ox * p->stride_x * p->in_pixel_stride;
                long out = oy * p->out_row_stride + ox * p->out_pixel_stride + column;
                c[r] = p->output + out;
                if (p->residual) res[r] = p->residual + out;
                if (++ox == p->out_width) { ox = 0; oy++; }
            }
            tiles(rows, p, a, c, p->residual ? res : 0, w, bias, width);
            q += rows;
        }
    }
}

void warden_clconv_run(const warden_clconv_problem *p, int item_begin, int item_end) {
    int count = warden_clconv_item_count(p);
    if (item_begin < 0) item_begin = 0;
    if (item_end > count) item_end = count;
    if (item_begin >= item_end) return;
    if (p->isa_limit <= 0 && warden_half_has_avx512())
        run_items(p, item_begin, item_end, p->half ? tiles_512_half : tiles_512_float, MR512);
    else if (p->isa_limit <= 1 && warden_half_has_avx2())
        run_items(p, item_begin, item_end, p->half ? tiles_256_half : tiles_256_float, MR256);
    else run_items(p, item_begin, item_end, tiles_scalar, MAX_MR);
}

int warden_clconv_run_shared_ends(const warden_clconv_problem *p, uint64_t *claims, int from_back) {
    const uint64_t count = (uint64_t)warden_clconv_item_count(p);
    uint64_t seen = __atomic_load_n(claims, __ATOMIC_RELAXED);
    int ran = 0;
    for (;;) {
        uint64_t front = seen & 0xffffffffu, back = seen >> 32;
        if (front + back >= count) return ran;
        uint64_t wanted = from_back ? seen + ((uint64_t)1 << 32) : seen + 1;
        if (!__atomic_compare_exchange_n(claims, &seen, wanted, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) continue;
        int item = from_back ? (int)(count - 1 - back) : (int)front;
        warden_clconv_run(p, item, item + 1);
        ran++;
        seen = __atomic_load_n(claims, __ATOMIC_RELAXED);
    }
}


const char *warden_clconv_isa(void) {
    return warden_half_isa_name();
}
