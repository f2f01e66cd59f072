// The diffusion UNets' C kernels (umbrella header of the CUNetKernels module).
#include "directconv.h"
#include "pointwiseconv.h"
#include "unetpointwise.h"
#include "unetattention.h"
