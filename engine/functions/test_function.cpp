#include "engine/functions/test_function.h"

#include "engine/core/matrix_checks.h"

namespace emu {

Vector TestFunction::evaluate(const Matrix& X) const
{
    const std::string what = displayName() + " input";
    requireColumns(X, dimension(), what);
    requireFinite(X, what);
    return compute(X);
}

} // namespace emu
