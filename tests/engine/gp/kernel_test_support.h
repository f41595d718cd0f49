#pragma once

#include <QtTest>
// Kernels used as data rows by the GP tests: every registry kernel plus sums and products,
// with seeded non-default hyperparameters so that no gradient is accidentally trivial.

#include "engine/core/rng.h"
#include "engine/gp/combination_kernel.h"
#include "engine/gp/kernel_registry.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace emu::test {

/// Kernel specs: registry ids, "a+b" (sum), "a*b" (product), "(a+b)*c".
inline QStringList kernelSpecs()
{
    QStringList specs;
    for (const KernelInfo& info : kernelRegistry())
        specs << QString::fromStdString(info.id);
    specs << "rbf+periodic" << "matern52*linear" << "rbf+white" << "(rbf+bias)*periodic"
          << "ratquad*matern12";
    return specs;
}

/// Data rows (spec, dim, ard) over every kernel spec: d = 1, d = 3, and d = 3 with ARD.
inline void addKernelRows()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("dim");
    QTest::addColumn<bool>("ard");
    for (const QString& spec : kernelSpecs()) {
        QTest::addRow("%s d=1", qPrintable(spec)) << spec << 1 << false;
        QTest::addRow("%s d=3", qPrintable(spec)) << spec << 3 << false;
        QTest::addRow("%s d=3 ard", qPrintable(spec)) << spec << 3 << true;
    }
}

/// Builds a kernel from a spec (see kernelSpecs()).
inline std::unique_ptr<Kernel> buildKernel(const QString& spec, Index d, bool ard)
{
    if (spec.startsWith('(')) {
        const int close = spec.indexOf(')');
        return std::make_unique<ProductKernel>(buildKernel(spec.mid(1, close - 1), d, ard),
                                               buildKernel(spec.mid(close + 2), d, ard));
    }
    if (spec.contains('+')) {
        const QStringList parts = spec.split('+');
        return std::make_unique<SumKernel>(buildKernel(parts[0], d, ard),
                                           buildKernel(parts[1], d, ard));
    }
    if (spec.contains('*')) {
        const QStringList parts = spec.split('*');
        return std::make_unique<ProductKernel>(buildKernel(parts[0], d, ard),
                                               buildKernel(parts[1], d, ard));
    }
    return makeKernel(spec.toStdString(), d, ard);
}

/// Log hyperparameters scattered around the defaults, reproducibly.
inline void randomiseLogParams(Kernel& k, std::uint64_t seed, double spread = 0.4)
{
    Rng rng(seed);
    Vector p(k.paramCount());
    for (Index j = 0; j < p.size(); ++j)
        p(j) = rng.uniform(-spread, spread);
    k.setLogParams(p);
}

/// Central finite differences of a matrix-valued function of one scalar.
template <typename F>
Matrix finiteDifferenceMatrix(F&& f, double h = 1e-6)
{
    return (f(h) - f(-h)) / (2.0 * h);
}

} // namespace emu::test
