#pragma once
// Shared test helpers: fuzzy matrix comparison with a readable failure message, and central
// finite-difference gradients to check analytic ones.

#include "engine/core/types.h"

#include <QString>
#include <QtTest>

#include <functional>

namespace emu::test {

/// Largest |a - b| relative to (atol + rtol·|b|) over all entries; <= 1 means "close".
inline double scaledError(const Matrix& a, const Matrix& b, double rtol, double atol)
{
    double worst = 0.0;
    for (Index i = 0; i < a.rows(); ++i)
        for (Index j = 0; j < a.cols(); ++j)
            worst = std::max(worst, std::abs(a(i, j) - b(i, j)) / (atol + rtol * std::abs(b(i, j))));
    return worst;
}

/// Empty if a ≈ b (same shape, every entry within atol + rtol·|b|), else a description.
inline QString closeness(const Matrix& a, const Matrix& b, double rtol = 1e-9, double atol = 1e-12)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return QString("shape %1x%2 != %3x%4").arg(a.rows()).arg(a.cols()).arg(b.rows()).arg(b.cols());
    for (Index i = 0; i < a.rows(); ++i)
        for (Index j = 0; j < a.cols(); ++j)
            if (!(std::abs(a(i, j) - b(i, j)) <= atol + rtol * std::abs(b(i, j))))
                return QString("entry (%1,%2): %3 vs %4 (rtol %5, atol %6)")
                    .arg(i).arg(j).arg(a(i, j), 0, 'g', 12).arg(b(i, j), 0, 'g', 12).arg(rtol).arg(atol);
    return {};
}

/// Central finite-difference gradient of f at x with step h.
inline Vector finiteDifferenceGradient(const std::function<double(const Vector&)>& f, const Vector& x,
                                       double h = 1e-6)
{
    Vector g(x.size());
    for (Index i = 0; i < x.size(); ++i) {
        Vector xp = x, xm = x;
        xp(i) += h;
        xm(i) -= h;
        g(i) = (f(xp) - f(xm)) / (2.0 * h);
    }
    return g;
}

} // namespace emu::test

/// QVERIFY that two matrices are close; prints the first offending entry otherwise.
#define EMU_COMPARE_MATRIX(actual, expected, rtol, atol)                                           \
    do {                                                                                           \
        const QString why_ = emu::test::closeness((actual), (expected), (rtol), (atol));            \
        QVERIFY2(why_.isEmpty(), qPrintable(why_));                                                \
    } while (false)
