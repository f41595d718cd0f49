#include "engine/core/memory.h"
#include "engine/core/types.h"

#include <QtTest>

#include <sys/resource.h>

namespace {

long minorPageFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

/// Minor page faults taken while allocating, filling and freeing `rounds` pairs of n×n
/// matrices, the pattern of one likelihood evaluation of a hyperparameter fit.
long faultsOfMatrixChurn(emu::Index n, int rounds)
{
    const long before = minorPageFaults();
    volatile double sink = 0.0; // keeps the matrices from being optimised away
    for (int r = 0; r < rounds; ++r) {
        emu::Matrix a = emu::Matrix::Constant(n, n, 1.0);
        emu::Matrix b = emu::Matrix::Constant(n, n, 2.0);
        sink = sink + a(n - 1, n - 1) + b(0, 0);
    }
    return minorPageFaults() - before;
}

} // namespace

class TestMemory : public QObject
{
    Q_OBJECT
private slots:
    void freedMatricesAreReusedWithoutFaults()
    {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer has its own allocator");
#endif
        emu::retainFreedMemory();
        const emu::Index n = 500; // 2 MB a matrix: above glibc's default mmap threshold
        faultsOfMatrixChurn(n, 2); // the first round faults the pages in once
        const int rounds = 50;
        const long faults = faultsOfMatrixChurn(n, rounds);
        // Without the policy every round faults both matrices in again: 2 × 489 pages.
        const long pagesPerRound = 2 * long(n * n * sizeof(double) / 4096);
        QVERIFY2(faults < pagesPerRound, qPrintable(QStringLiteral("%1 page faults in %2 rounds (%3 per round "
                                                                   "would mean no reuse)")
                                                        .arg(faults)
                                                        .arg(rounds)
                                                        .arg(pagesPerRound)));
    }
};

QTEST_APPLESS_MAIN(TestMemory)
#include "test_memory.moc"
