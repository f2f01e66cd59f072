// Timing harness for the channels-last convolution kernel (Sources/CHalfGEMM/channels_last_conv.c)
// on open_nsfw's 53 convolution shapes, one thread, fp16 panels of dummy weights. Not part of the
// build or of `make test`; the figures it prints are quoted in Models/nudity/MODEL_CARD.md (Speed).
//
//   clang -O3 -ISources/CHalfGEMM/include scripts/clconv_harness.c Sources/CHalfGEMM/channels_last_conv.c -o /tmp/clconv_harness
//   /tmp/clconv_harness
//
// "hot": each layer timed alone, best of 20 (its weights stay in cache); "cycling": the 53
// layers run in sequence as in a forward pass, best of 50 (weights stream from L3).
#include "channelslastconv.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static warden_clconv_problem layers[64];
static int count = 0;
static float *ping, *pong;

static void layer(int side, int c, int n, int k, int stride, int pad) {
    int padded = side + 2 * pad, out = (padded - k) / stride + 1, depth = k * k * c;
    size_t values = warden_clconv_packed_count(depth, n);
    uint16_t *packed = malloc(values * 2);
    for (size_t i = 0; i < values; i++) packed[i] = (uint16_t)(0x2000 + i % 512);   // small halves
    warden_clconv_problem p = {
        .input = count % 2 ? ping : pong, .in_row_stride = (long)padded * c, .in_pixel_stride = c,
        .stride_y = stride, .stride_x = stride, .taps = k, .tap_stride = (long)padded * c, .run = k * c,
        .out_height = out, .out_width = out, .output = count % 2 ? pong : ping,
        .out_row_stride = (long)out * n, .out_pixel_stride = n, .packed = packed, .half = 1, .n = n,
        .bias = 0, .residual = 0, .relu = 1, .isa_limit = 0};
    layers[count++] = p;
}

int main(void) {
    ping = calloc(230 * 230 * 64, 4);
    pong = calloc(230 * 230 * 64, 4);
    layer(224, 3, 64, 7, 2, 3);
    int side = 56, channels = 64, width[4] = {32, 64, 128, 256}, blocks[4] = {3, 4, 6, 3}, strides[4] = {1, 2, 2, 2};
    for (int s = 0; s < 4; s++) {
        for (int b = 0; b < blocks[s]; b++) {
            int stride = b == 0 ? strides[s] : 1, out = (side - 1) / stride + 1;
            if (b == 0) layer(side, channels, 4 * width[s], 1, stride, 0);
            layer(side, channels, width[s], 1, stride, 0);
            layer(out, width[s], width[s], 3, 1, 1);
            layer(out, width[s], 4 * width[s], 1, 1, 0);
            channels = 4 * width[s];
            side = out;
        }
    }
    double hot = 0, flops = 0;
    for (int i = 0; i < count; i++) {
        warden_clconv_problem *p = &layers[i];
        double best = 1e9;
        for (int r = 0; r < 20; r++) {
            double t = now();
            warden_clconv_run(p, 0, warden_clconv_item_count(p));
            t = now() - t;
            if (t < best) best = t;
        }
        double f = 2.0 * p->out_height * p->out_width * p->taps * p->run * p->n;
        printf("layer %2d: %4dx%-4d k=%4d n=%4d  %7.1f us  %5.1f GFLOP/s\n", i, p->out_height, p->out_width,
               p->taps * p->run, p->n, best * 1e6, f / best * 1e-9);
        hot += best;
        flops += f;
    }
    double cycling = 1e9;
    for (int r = 0; r < 50; r++) {
        double t = now();
        for (int i = 0; i < count; i++) warden_clconv_run(&layers[i], 0, warden_clconv_item_count(&layers[i]));
        t = now() - t;
        if (t < cycling) cycling = t;
    }
    printf("isa %s; hot sum %.2f ms (%.1f GFLOP/s); cycling %.2f ms (%.1f GFLOP/s)\n", warden_clconv_isa(),
           hot * 1e3, flops / hot * 1e-9, cycling * 1e3, flops / cycling * 1e-9);
    return 0;
}
