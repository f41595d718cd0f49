#pragma once
// Memory policy of a process that runs the engine.
//
// Why: glibc serves blocks over its mmap threshold (128 KiB at first, rising to the largest
// freed block) with fresh pages from the kernel and gives freed memory at the top of the heap
// back when more than the trim threshold is free. A hyperparameter fit allocates and frees a
// few n×n matrices (2 MB each at n = 500) per likelihood evaluation, so every evaluation
// faulted its matrices in page by page: on a virtual machine with costly page faults that
// was 75% of a fit's time (perf: exc_page_fault under memset), and more the more evaluations
// a data set needed. Keeping freed blocks for reuse makes those allocations free.

namespace emu {

/// Keeps freed memory in the process for reuse (blocks up to 32 MiB come from the heap and up
/// to 512 MiB of free heap is kept). Call once at the start of main(); a no-op off glibc.
void retainFreedMemory();

} // namespace emu
