#include "engine/core/matrix_checks.h"

#include "engine/core/errors.h"

#include <cmath>

namespace emu {

void requireFinite(const Eigen::Ref<const Matrix>& m, const std::string& what)
{
    for (Index i = 0; i < m.rows(); ++i)
        for (Index j = 0; j < m.cols(); ++j)
            if (!std::isfinite(m(i, j)))
                throw InvalidInput(what + " has a non-finite value (" + std::to_string(m(i, j)) +
                                   ") in row " + std::to_string(i + 1) + ", column " +
                                   std::to_string(j + 1));
}

void requireColumns(const Eigen::Ref<const Matrix>& m, Index cols, const std::string& what)
{
    if (m.cols() != cols)
        throw InvalidInput(what + " has " + std::to_string(m.cols()) + " columns, expected " +
                           std::to_string(cols));
}

void requireRows(Index actual, Index rows, const std::string& what)
{
    if (actual != rows)
        throw InvalidInput(what + " has " + std::to_string(actual) + " rows, expected " +
                           std::to_string(rows));
}

} // namespace emu
